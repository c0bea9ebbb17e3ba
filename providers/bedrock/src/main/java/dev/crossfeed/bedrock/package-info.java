/**
 * AWS Bedrock Runtime for Crossfeed: the Converse and ConverseStream APIs, whose streams use AWS's binary
 * event-stream framing (decoded incrementally, both CRCs checked). Implementation classes are package-private.
 */
package dev.crossfeed.bedrock;
