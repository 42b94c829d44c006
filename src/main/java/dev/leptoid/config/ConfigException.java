package dev.leptoid.config;

/** The configuration is wrong; the message is one line naming the file and the key. */
public class ConfigException extends Exception {
    public ConfigException(String message) { super(message); }
}
