package dev.x402j.core.rpc;

/**
 * Why an attempt of a call failed.
 *
 * @param part what happened at which endpoint: safe to show, starts with the endpoint
 * @param cause why, for the exception's cause
 */
record AttemptFailure(String part, Throwable cause) {}
