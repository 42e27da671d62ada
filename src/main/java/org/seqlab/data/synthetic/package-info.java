/**
 * Synthetic tasks, deterministic by seed and sized by the caller: {@link org.seqlab.data.synthetic.SymbolTask}
 * (copy, reverse, sort), {@link org.seqlab.data.synthetic.AdditionTask}, {@link org.seqlab.data.synthetic.ParityTask},
 * {@link org.seqlab.data.synthetic.AddingProblem} (Hochreiter's long-range adding problem),
 * {@link org.seqlab.data.synthetic.BracketsTask}, {@link org.seqlab.data.synthetic.ToyTranslation} (English to
 * pseudo-French with word order change and agreement), {@link org.seqlab.data.synthetic.ToySentiment} (templates
 * with negation) and {@link org.seqlab.data.synthetic.ToyNer} (templates with names, BIO tags). Each is a
 * {@link org.seqlab.data.synthetic.SyntheticTask} returning the plain records of {@code data.corpus} and writing
 * them in the format the {@code data.corpus} loaders read, so generated data looks like downloaded data.
 *
 * <p>Depends on the JDK, the root package ({@link org.seqlab.SeqLabException}) and {@code data.corpus} (records
 * and writers); nothing depends on it within {@code data}.
 */
package org.seqlab.data.synthetic;
