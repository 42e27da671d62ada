/**
 * SeqLab's root: the launcher {@link org.seqlab.SeqLab} (the composition root that wires the command
 * line to the desktop app), {@link org.seqlab.SeqLabException}, the base of every user-facing error,
 * and {@link org.seqlab.SeqLabVersion}, the build's version that {@code --version} and the About box show.
 * Every package may use the exception and the version; only the launcher may depend on {@code cli} and {@code ui}.
 */
package org.seqlab;
