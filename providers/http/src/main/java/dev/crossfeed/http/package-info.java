/**
 * HTTP plumbing shared by Crossfeed's provider modules: the shared {@code OkHttpClient}, a bounded JSON mapper,
 * incremental SSE and NDJSON readers with line limits, response size caps, classification of HTTP status,
 * error bodies and headers into {@link dev.crossfeed.Failure}, Retry-After parsing, rate-limit header
 * snapshots, request ids, and base-URL safety checks.
 *
 * <p>This package is for provider implementers. Applications use the provider builders instead; its types
 * may change between minor versions.
 */
package dev.crossfeed.http;
