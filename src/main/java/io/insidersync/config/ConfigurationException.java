package io.insidersync.config;

/** A setting is missing or wrong; the message names the setting so the integrator knows what to fix. */
public class ConfigurationException extends RuntimeException {

    public ConfigurationException(String message) {
        super(message);
    }
}
