package dev.leptoid.actuation;

/**
 * An Auto Scaling group as leptoid needs to see it.
 *
 * @param inService instances InService (launched and healthy)
 * @param busy a scaling activity is in progress
 * @param scalingSuspended Launch or Terminate processes are suspended
 */
public record GroupState(String name, int desired, int min, int max, int inService, boolean busy,
                         boolean scalingSuspended) {
}
