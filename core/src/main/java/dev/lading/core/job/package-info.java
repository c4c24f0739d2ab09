/**
 * {@code lading build} as a library call: {@link dev.lading.core.job.BuildJob} reads the build file, checks
 * every input, builds one image per platform into the store ({@link dev.lading.core.job.ImageBuild}), attests
 * them and writes the outputs. What core cannot do itself it asks of plug-ins the modules above implement:
 * {@link dev.lading.core.job.NativeBuilder} (compiling), {@link dev.lading.core.job.TargetPackages} (Debian
 * packages), {@link dev.lading.core.job.BaseImageSource} (registry bases); progress goes to a
 * {@link dev.lading.core.job.BuildListener}. The top of core: may use every other core package.
 */
package dev.lading.core.job;
