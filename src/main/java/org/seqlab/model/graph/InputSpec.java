package org.seqlab.model.graph;

/**
 * A graph input: its name, its type, and how a value is made when the user gives none
 * ({@code null}: the user must give it). Rules: {@code shift:NAME} (NAME shifted left by one, the last
 * position ignored: a language model's next-token targets), {@code zeros} (class 0 / tag 0 / token 0).
 */
public record InputSpec(String name, PortType type, String defaultRule) {
}
