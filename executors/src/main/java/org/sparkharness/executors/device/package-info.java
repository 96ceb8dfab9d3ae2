/** Which device a task's ND4J work runs on: the GPU Spark assigned it, or the CPU. */
package org.sparkharness.executors.device;
