/**
 * `@rebound/http/testing`: the authorisation matrix service tests run. It lives outside `src` because
 * @rebound/testing cannot import this library (the library's own tests use it, and Nx refuses the
 * cycle), while the matrix reads the access rules this library declares.
 */
export * from './access-matrix';
