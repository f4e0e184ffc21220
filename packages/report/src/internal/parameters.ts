import { InvalidArgumentError } from '@muster/core/errors';
import type { NotebookFrontMatter, ParameterValue } from '../types.ts';

/** Parse a command-line value for a parameter, following the type of its default. */
function coerce(name: string, text: string, defaultValue: ParameterValue): ParameterValue {
  if (typeof defaultValue === 'number') {
    const value = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(value)) {
      throw new InvalidArgumentError(
        name,
        `runNotebook requires parameter ${name} to be a number; received ${JSON.stringify(text)}`,
      );
    }
    return value;
  }
  if (typeof defaultValue === 'boolean') {
    if (text !== 'true' && text !== 'false') {
      throw new InvalidArgumentError(
        name,
        `runNotebook requires parameter ${name} to be true or false; received ${JSON.stringify(text)}`,
      );
    }
    return text === 'true';
  }
  if (typeof defaultValue === 'string') return text;
  if (text === 'null') return null;
  if (text === 'true' || text === 'false') return text === 'true';
  const number = Number(text);
  return text.trim() !== '' && Number.isFinite(number) ? number : text;
}

/**
 * The notebook's parameters: the front matter's defaults with `overrides` applied. Overrides given
 * as strings (from `--param name=value`) are parsed according to the type of the default.
 */
export function resolveParameters(
  frontMatter: NotebookFrontMatter,
  overrides: Record<string, ParameterValue | string>,
): Record<string, ParameterValue> {
  const parameters: Record<string, ParameterValue> = { ...frontMatter.parameters };
  for (const [name, value] of Object.entries(overrides)) {
    if (!Object.hasOwn(frontMatter.parameters, name)) {
      const known = Object.keys(frontMatter.parameters);
      throw new InvalidArgumentError(
        'param',
        `runNotebook requires a parameter declared in the front matter; received ${JSON.stringify(name)} (declared: ${known.length > 0 ? known.join(', ') : 'none'})`,
      );
    }
    const defaultValue = frontMatter.parameters[name];
    if (typeof value === 'string') {
      parameters[name] = coerce(name, value, defaultValue);
    } else {
      if (defaultValue !== null && value !== null && typeof value !== typeof defaultValue) {
        throw new InvalidArgumentError(
          name,
          `runNotebook requires parameter ${name} to be a ${typeof defaultValue}; received ${JSON.stringify(value)}`,
        );
      }
      parameters[name] = value;
    }
  }
  return parameters;
}
