/** Checks on text as platforms receive it. */

/** No lone UTF-16 surrogate (half of an emoji). */
export const wellFormed = (s: string): boolean =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
