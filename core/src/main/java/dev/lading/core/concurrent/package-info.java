/**
 * Waiting on work handed to a thread pool so that the caller sees the exception the work threw, not an
 * {@code ExecutionException} around it. Used by core and the modules above it; depends on nothing but the JDK.
 */
package dev.lading.core.concurrent;
