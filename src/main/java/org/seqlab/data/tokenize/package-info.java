/**
 * Tokenizers and vocabularies: {@link org.seqlab.data.tokenize.Vocabulary} and
 * {@link org.seqlab.data.tokenize.CharTokenizer} (with the documented default character vocabulary).
 *
 * <p>Depends on the JDK only (and {@link org.seqlab.SeqLabException}).
 */
package org.seqlab.data.tokenize;
