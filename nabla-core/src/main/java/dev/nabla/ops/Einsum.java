package dev.nabla.ops;

import dev.nabla.backend.Shape;
import dev.nabla.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.einsum}: sums of products named by subscripts, e.g. {@code "bij,bjk->bik"}. Letters
 * {@code a-z A-Z} name dims; a letter repeated within one operand takes its diagonal; {@code ...}
 * stands for broadcast leading dims; without {@code ->} the output holds the letters that occur
 * once, in alphabetical order (upper case first), after the ellipsis dims. Computed by reducing
 * letters used nowhere else, then contracting the operands left to right with batched
 * {@code matmul}; the gradients come from those ops.
 */
public final class Einsum {
    /** Labels standing for ellipsis dims (outside the letters). */
    private static final char ELLIPSIS = '\u0100';

    private Einsum() {
    }

    public static Tensor apply(String equation, Tensor... operands) {
        String eq = equation.replace(" ", "");
        int arrow = eq.indexOf("->");
        String[] inputs = (arrow < 0 ? eq : eq.substring(0, arrow)).split(",", -1);
        if (inputs.length != operands.length) {
            throw new IllegalArgumentException("einsum: the equation names " + inputs.length + " operands but "
                    + operands.length + " were given");
        }
        int ellipsisDims = 0;
        for (int i = 0; i < inputs.length; i++) {
            int letters = inputs[i].replace("...", "").length();
            if (inputs[i].contains("...")) {
                ellipsisDims = Math.max(ellipsisDims, operands[i].dim() - letters);
            }
        }
        List<List<Character>> labels = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            labels.add(parse(inputs[i], operands[i].dim(), ellipsisDims, "operand " + i));
        }
        List<Character> output = arrow < 0 ? implicitOutput(labels, ellipsisDims)
                : parse(eq.substring(arrow + 2), -1, ellipsisDims, "output");
        Map<Character, Integer> sizes = new LinkedHashMap<>();
        for (int i = 0; i < operands.length; i++) {
            for (int k = 0; k < labels.get(i).size(); k++) {
                char c = labels.get(i).get(k);
                int n = operands[i].size(k);
                Integer seen = sizes.get(c);
                if (seen != null && seen != n && seen != 1 && n != 1) {
                    throw new IllegalArgumentException("einsum: subscript " + name(c) + " has size " + n
                            + " for operand " + i + " which does not broadcast with the size " + seen + " seen before");
                }
                sizes.put(c, seen == null || seen == 1 ? n : seen);
            }
        }
        for (char c : output) {
            if (!sizes.containsKey(c)) {
                throw new IllegalArgumentException("einsum: output subscript " + name(c) + " does not appear in the inputs");
            }
            if (output.indexOf(c) != output.lastIndexOf(c)) {
                throw new IllegalArgumentException("einsum: output subscript " + name(c) + " appears more than once");
            }
        }
        List<Term> terms = new ArrayList<>();
        for (int i = 0; i < operands.length; i++) {
            terms.add(diagonals(new Term(operands[i], labels.get(i))).broadcast(sizes));
        }
        Term acc = terms.get(0);
        for (int i = 1; i < terms.size(); i++) {
            List<Character> later = new ArrayList<>(output);
            for (int j = i + 1; j < terms.size(); j++) {
                later.addAll(terms.get(j).labels);
            }
            Term next = terms.get(i);
            acc = acc.sumExcept(concat(later, next.labels));
            acc = contract(acc, next.sumExcept(concat(later, acc.labels)), later);
        }
        acc = acc.sumExcept(output);
        int[] perm = new int[output.size()];
        for (int k = 0; k < perm.length; k++) {
            perm[k] = acc.labels.indexOf(output.get(k));
        }
        return acc.tensor.permute(perm);
    }

    /** A tensor with one label per dim. */
    private record Term(Tensor tensor, List<Character> labels) {
        /** Sums away the labels not in {@code keep}. */
        Term sumExcept(List<Character> keep) {
            List<Integer> dims = new ArrayList<>();
            List<Character> left = new ArrayList<>();
            for (int k = 0; k < labels.size(); k++) {
                if (keep.contains(labels.get(k))) {
                    left.add(labels.get(k));
                } else {
                    dims.add(k);
                }
            }
            return dims.isEmpty() ? this
                    : new Term(tensor.sum(dims.stream().mapToInt(Integer::intValue).toArray(), false), left);
        }

        /** Size-1 dims expanded to the label's size. */
        Term broadcast(Map<Character, Integer> sizes) {
            int[] shape = labels.stream().mapToInt(sizes::get).toArray();
            return Arrays.equals(shape, tensor.shape()) ? this : new Term(tensor.expand(shape), labels);
        }
    }

    /** {@code a} and {@code b} multiplied and summed over the shared labels not in {@code later}, via matmul. */
    private static Term contract(Term a, Term b, List<Character> later) {
        List<Character> batch = new ArrayList<>();
        List<Character> summed = new ArrayList<>();
        List<Character> aOnly = new ArrayList<>();
        List<Character> bOnly = new ArrayList<>();
        for (char c : a.labels) {
            if (b.labels.contains(c)) {
                (later.contains(c) ? batch : summed).add(c);
            } else {
                aOnly.add(c);
            }
        }
        for (char c : b.labels) {
            if (!a.labels.contains(c)) {
                bOnly.add(c);
            }
        }
        Tensor left = arrange(a, concat(concat(batch, aOnly), summed));
        Tensor right = arrange(b, concat(concat(batch, summed), bOnly));
        int[] batchShape = sizes(a, batch);
        int m = Shape.numel(sizes(a, aOnly));
        int k = Shape.numel(sizes(a, summed));
        int n = Shape.numel(sizes(b, bOnly));
        int nb = Shape.numel(batchShape);
        Tensor product = left.reshape(nb, m, k).matmul(right.reshape(nb, k, n));
        int[] outShape = concatInts(concatInts(batchShape, sizes(a, aOnly)), sizes(b, bOnly));
        return new Term(product.reshape(outShape), concat(concat(batch, aOnly), bOnly));
    }

    private static Tensor arrange(Term t, List<Character> order) {
        int[] perm = new int[order.size()];
        for (int k = 0; k < perm.length; k++) {
            perm[k] = t.labels.indexOf(order.get(k));
        }
        return t.tensor.permute(perm);
    }

    private static int[] sizes(Term t, List<Character> labels) {
        return labels.stream().mapToInt(c -> t.tensor.size(t.labels.indexOf(c))).toArray();
    }

    /** The term with each repeated label replaced by one dim holding the diagonal. */
    private static Term diagonals(Term t) {
        List<Character> labels = new ArrayList<>(t.labels);
        Tensor x = t.tensor;
        for (int p = 0; p < labels.size(); p++) {
            int q = labels.lastIndexOf(labels.get(p));
            while (q > p) {
                int n = x.size(p);
                if (x.size(q) != n) {
                    throw new IllegalArgumentException("einsum: subscript " + name(labels.get(p))
                            + " is repeated for dims of different sizes " + n + " and " + x.size(q));
                }
                int[] maskShape = new int[x.dim()];
                Arrays.fill(maskShape, 1);
                maskShape[p] = n;
                maskShape[q] = n;
                Tensor eye = Tensor.eye(n).to(x.backend()).to(x.dtype()).reshape(maskShape);
                x = x.mul(eye).sum(q);
                labels.remove(q);
                q = labels.lastIndexOf(labels.get(p));
            }
        }
        return new Term(x, labels);
    }

    private static List<Character> parse(String s, int rank, int ellipsisDims, String what) {
        List<Character> out = new ArrayList<>();
        int dots = s.indexOf("...");
        if (dots >= 0 && s.indexOf("...", dots + 1) >= 0) {
            throw new IllegalArgumentException("einsum: more than one ellipsis in the subscripts of the " + what);
        }
        int letters = s.replace("...", "").length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (i == dots) {
                int e = rank < 0 ? ellipsisDims : rank - letters;
                for (int k = ellipsisDims - e; k < ellipsisDims; k++) {
                    out.add((char) (ELLIPSIS + k));
                }
                i += 2;
            } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                out.add(c);
            } else {
                throw new IllegalArgumentException("einsum: invalid subscript '" + c + "' in the " + what
                        + "; subscripts are letters a-z, A-Z and '...'");
            }
        }
        if (rank >= 0 && (dots < 0 ? letters != rank : letters > rank)) {
            throw new IllegalArgumentException("einsum: the " + what + " has " + rank + " dims but the equation gives "
                    + letters + " subscripts" + (dots < 0 ? " and no ellipsis" : ""));
        }
        return out;
    }

    private static List<Character> implicitOutput(List<List<Character>> labels, int ellipsisDims) {
        Map<Character, Integer> counts = new java.util.TreeMap<>();
        for (List<Character> l : labels) {
            for (char c : l) {
                if (c < ELLIPSIS) {
                    counts.merge(c, 1, Integer::sum);
                }
            }
        }
        List<Character> out = new ArrayList<>();
        for (int k = 0; k < ellipsisDims; k++) {
            out.add((char) (ELLIPSIS + k));
        }
        counts.forEach((c, n) -> {
            if (n == 1) {
                out.add(c);
            }
        });
        return out;
    }

    private static String name(char c) {
        return c >= ELLIPSIS ? "'...'" : "'" + c + "'";
    }

    private static List<Character> concat(List<Character> a, List<Character> b) {
        List<Character> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static int[] concatInts(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
