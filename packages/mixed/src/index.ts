// Fitting
export { type FitGlmerOptions, fitGlmer } from './fit-glmer.ts';

// Formulas
export {
  type MixedFormula,
  parseMixedFormula,
  type RandomTermSpec,
} from './parse-mixed-formula.ts';

// Types
export type {
  GlmerConditionalModes,
  GlmerCoefficient,
  GlmerIcc,
  GlmerLrTest,
  GlmerProfileInterval,
  GlmerResult,
  GlmerScaledResiduals,
  GlmerVarianceComponent,
  MixedFamilyName,
  MixedLinkName,
} from './types.ts';

// Warnings
// Results as R-like text (core's tidy and glance give the rows)
export { format, type GlmerSummaryOptions, summary } from './summary.ts';
export { type MixedWarning, mixedWarnings, type WarningCode } from './warnings.ts';
