export {
  type Database,
  isDatabase,
  type OpenDatabaseOptions,
  openDatabase,
} from './database.ts';
export { type LoadParquetOptions, loadCsv, loadParquet } from './load.ts';
export { registerTable } from './register.ts';
export { duckdbSource } from './source.ts';
export { sql, sqlRows } from './sql.ts';
