import type { AxiosInstance } from 'axios';

/**
 * Empties the axios instance's header defaults (axios' `Accept` and per-method `Content-Type`) and its
 * `transitional` options. Every header Squared sees is set per call (SquaredClient, the login), so the
 * defaults only cost: axios merges and flattens its per-method header buckets on every request,
 * about a third of its own time per call on this machine (BENCHMARKS.md).
 */
export function withoutAxiosDefaults(axios: AxiosInstance): void {
  axios.defaults.headers = {} as AxiosInstance['defaults']['headers'];
  delete axios.defaults.transitional;
}
