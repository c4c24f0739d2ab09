/**
 * The {@code lading.yaml} build file: {@link dev.lading.core.buildfile.BuildFileParser} reads it into the
 * immutable {@link dev.lading.core.buildfile.BuildFile}, checking the form of values only, and every error names
 * the file, the field and the line (kept on later-checked values as an {@code Origin}). Uses Jackson's YAML
 * parser and the core exceptions, nothing else of lading.
 */
package dev.lading.core.buildfile;
