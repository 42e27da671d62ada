/**
 * Batching: {@link org.seqlab.data.batch.Batcher} turns lists of {@code int[]} id sequences into padded
 * {@link org.seqlab.data.batch.Batch}es (ids, mask with 1 = real token, lengths, source indices) with seeded
 * shuffling and length bucketing, and pairs into {@link org.seqlab.data.batch.Seq2SeqBatch}es (decoder input =
 * BOS + target, decoder target = target + EOS). Plain Java arrays: turning a batch into a tensor is the caller's
 * step (in {@code autograd}), so this package stays free of ND4J.
 *
 * <p>Depends on the JDK, the root package ({@link org.seqlab.SeqLabException}) and
 * {@link org.seqlab.data.tokenize.Vocabulary} (for pad, BOS and EOS ids); no other SeqLab package.
 */
package org.seqlab.data.batch;
