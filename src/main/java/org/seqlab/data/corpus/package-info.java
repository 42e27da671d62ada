/**
 * Corpus loaders: {@link org.seqlab.data.corpus.PlainText} (text and lines, train/validation splits),
 * {@link org.seqlab.data.corpus.LabelledText} (TSV/CSV classification tables such as SST-2 and IMDB),
 * {@link org.seqlab.data.corpus.ParallelText} (TSV sentence pairs such as Tatoeba exports) and
 * {@link org.seqlab.data.corpus.Conll} (token-per-line tagged sentences such as CoNLL-2003, with
 * {@link org.seqlab.data.corpus.TagScheme} conversion between IOB1, BIO and IOBES), over the shared
 * {@link org.seqlab.data.corpus.DelimitedFile} table reading. Each loader reads strict UTF-8, tolerates a BOM,
 * CRLF and trailing blank lines, and refuses a malformed line with one
 * {@link org.seqlab.data.corpus.CorpusException} naming file, line, what was expected, what was found and the
 * fix. Each can also write its format (atomically), so generated data looks like downloaded data.
 *
 * <p>Depends on the JDK only and on the root package ({@link org.seqlab.SeqLabException},
 * {@link org.seqlab.AtomicFile}); no other SeqLab package.
 */
package org.seqlab.data.corpus;
