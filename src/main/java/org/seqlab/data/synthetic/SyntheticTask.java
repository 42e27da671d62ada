package org.seqlab.data.synthetic;

import java.nio.file.Path;
import java.util.List;

/**
 * A generated data set: the same seed gives the same examples, on every machine and run (each task draws from
 * one {@link java.util.SplittableRandom} seeded with the seed, in a documented order).
 *
 * @param <T> the example record
 */
public interface SyntheticTask<T> {

    /** {@code count} examples drawn with {@code seed}. */
    List<T> generate(int count, long seed);

    /** Writes {@code examples} atomically in the format the matching {@code data.corpus} loader reads. */
    void write(Path file, List<T> examples);

    /** {@code write(file, generate(count, seed))}. */
    default void generateTo(Path file, int count, long seed) {
        write(file, generate(count, seed));
    }
}
