package org.seqlab.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

/**
 * Imports production classes only: leaves out any {@code test-classes} folder, wherever the build
 * directory is ({@code target/}, or {@code -Dseqlab.buildDir=...}), and test jars.
 */
public final class MainClassesOnly implements ImportOption {
    @Override
    public boolean includes(Location location) {
        return !location.contains("/test-classes/") && !location.contains("-tests.jar");
    }
}
