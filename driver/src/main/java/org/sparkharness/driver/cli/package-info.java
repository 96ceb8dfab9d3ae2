/** The {@code harness} command line (picocli): {@code train}, with more subcommands to come. */
package org.sparkharness.driver.cli;
