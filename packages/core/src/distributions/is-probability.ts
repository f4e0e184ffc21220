/** p in [0, 1]. */
export const isProbability = (p: number) => p >= 0 && p <= 1;
