/** A curated data set: columns as arrays (null = missing) and where the data come from. */
export interface Dataset {
  /** The export name, e.g. `awolRussia`. */
  name: string;
  title: string;
  /** `real` for published or observed data, `simulated` for data made with a seed. */
  kind: 'real' | 'simulated';
  /** What the rows are and what each figure counts. */
  description: string;
  source: string;
  licence: string;
  /** The CSV in the package's `data/` folder that the columns were read from. */
  file: string;
  nrow: number;
  columns: Record<string, (number | string | null)[]>;
}
