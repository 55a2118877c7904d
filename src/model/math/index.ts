export { fma } from './fma.js';
export {
  DEFAULT_GLIBC_VARIANT,
  glibcExp,
  glibcExpFma,
  glibcExpFor,
  glibcExpSse2,
  type GlibcVariant,
} from './glibc-exp.js';
export { glibcLog1p, glibcLog1pFma, glibcLog1pFor, glibcLog1pSse2 } from './glibc-log1p.js';
export { detectGlibcVariant } from './glibc-variant.js';
