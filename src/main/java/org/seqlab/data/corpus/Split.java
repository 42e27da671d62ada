package org.seqlab.data.corpus;

/** A training part and a validation part of one corpus. */
public record Split<T>(T train, T validation) {
}
