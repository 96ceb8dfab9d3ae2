/** A run's {@code report.html}: self-contained HTML with SVG plots drawn from {@code metrics.jsonl}. */
package org.sparkharness.driver.report;
