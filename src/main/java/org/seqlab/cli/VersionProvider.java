package org.seqlab.cli;

import org.seqlab.SeqLabVersion;
import org.seqlab.autograd.Backend;
import picocli.CommandLine.IVersionProvider;

/** What {@code seqlab --version} prints: SeqLab's version, the Java runtime and the ND4J version. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "SeqLab " + SeqLabVersion.current(),
            "Java " + SeqLabVersion.javaRuntime(),
            // the version from ND4J's jar: loading the native backend would cost seconds
            "ND4J " + Backend.nd4jVersion(),
        };
    }
}
