using System.Numerics.Tensors;

namespace Kosmo.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Weighted cross-entropy of logits, a scalar:
    /// Σᵢ sᵢ·w[yᵢ]·(−log softmax(xᵢ)[yᵢ]) / Σᵢ sᵢ·w[yᵢ], with class weights w (default 1) and per-sample weights s
    /// (default 1). Without sample weights this is PyTorch's F.cross_entropy(x, y, weight=w).
    /// With <paramref name="normalizer"/> the sum is divided by it instead of this batch's Σᵢ sᵢ·w[yᵢ]: the share of
    /// a sub-batch in the loss of the whole batch whose <see cref="CrossEntropyNormalizer"/> it is (data-parallel
    /// replicas; the shares add up to the whole batch's loss and their gradients to its gradient).
    /// // logits: (B, C), targets: B ints in [0, C), classWeights: C, sampleWeights: B -> ()
    /// </summary>
    /// <exception cref="ArgumentException">Lengths do not match, or a target is outside [0, C).</exception>
    public static Tensor CrossEntropy(Tensor logits, int[] targets, float[]? classWeights = null, float[]? sampleWeights = null, double? normalizer = null)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(targets);
        if (logits.Rank != 2 || targets.Length != logits.Dim(0) || (classWeights is not null && classWeights.Length != logits.Dim(1))
            || (sampleWeights is not null && sampleWeights.Length != targets.Length))
        {
            throw new ArgumentException($"CrossEntropy: logits {Tensor.ShapeText(logits.ShapeRef)}, {targets.Length} targets, {classWeights?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} class weights, {sampleWeights?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no"} sample weights: need (B, C), B, C, B.");
        }

        int b = logits.Dim(0), c = logits.Dim(1);
        var logp = new float[b * c];
        var w = new double[b];
        double num = 0, den = 0;
        for (var i = 0; i < b; i++)
        {
            if ((uint)targets[i] >= (uint)c)
            {
                throw new ArgumentException($"CrossEntropy: target {targets[i]} at row {i} outside [0, {c}).");
            }

            SoftmaxRow(logits.Data.AsSpan(i * c, c), logp.AsSpan(i * c, c), default, log: true);
            w[i] = (classWeights?[targets[i]] ?? 1f) * (double)(sampleWeights?[i] ?? 1f);
            num -= w[i] * logp[(i * c) + targets[i]];
            den += w[i];
        }

        den = normalizer ?? den;
        var y = TensorFactory.Output([]);
        y.Data[0] = den == 0 ? 0f : (float)(num / den);
        Tape.Record(y, () =>
        {
            if (den == 0)
            {
                return;
            }

            var gx = logits.GradBuffer();
            var g0 = y.Grad![0] / den;
            for (var i = 0; i < b; i++)
            {
                var f = (float)(g0 * w[i]);
                for (var j = 0; j < c; j++)
                {
                    gx[(i * c) + j] += f * (MathF.Exp(logp[(i * c) + j]) - (j == targets[i] ? 1f : 0f));
                }
            }
        }, logits);
        return y;
    }

    /// <summary>
    /// Σᵢ sᵢ·w[yᵢ] over rows [<paramref name="start"/>, start + <paramref name="count"/>): the denominator of
    /// <see cref="CrossEntropy"/> (the same sum in the same order).
    /// </summary>
    public static double CrossEntropyNormalizer(int[] targets, float[]? classWeights, float[]? sampleWeights, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(targets);
        double den = 0;
        for (var i = start; i < start + count; i++)
        {
            den += (classWeights?[targets[i]] ?? 1f) * (double)(sampleWeights?[i] ?? 1f);
        }

        return den;
    }

    /// <summary>Mean squared error, a scalar: mean((pred − target)²). // pred, target: same shape -> ()</summary>
    /// <exception cref="ArgumentException">Shapes differ.</exception>
    public static Tensor Mse(Tensor pred, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(pred);
        ArgumentNullException.ThrowIfNull(target);
        if (!pred.ShapeRef.SequenceEqual(target.ShapeRef))
        {
            throw new ArgumentException($"Mse: pred {Tensor.ShapeText(pred.ShapeRef)} and target {Tensor.ShapeText(target.ShapeRef)} differ.");
        }

        var d = Sub(pred, target);
        return MeanAll(Mul(d, d));
    }

    /// <summary>
    /// KL(N(mu, exp(logVar)) ‖ N(0, 1)) summed over latent dims and averaged over the batch, a scalar:
    /// −0.5 · Σ(1 + logVar − mu² − exp(logVar)) / B. // mu, logVar: (B, Z) -> ()
    /// </summary>
    /// <exception cref="ArgumentException">Shapes differ or are not 2-D.</exception>
    public static Tensor GaussianKl(Tensor mu, Tensor logVar)
    {
        ArgumentNullException.ThrowIfNull(mu);
        ArgumentNullException.ThrowIfNull(logVar);
        if (mu.Rank != 2 || !mu.ShapeRef.SequenceEqual(logVar.ShapeRef))
        {
            throw new ArgumentException($"GaussianKl: mu {Tensor.ShapeText(mu.ShapeRef)} and logVar {Tensor.ShapeText(logVar.ShapeRef)} must both be (B, Z).");
        }

        var terms = Sub(Sub(Affine(logVar, 1f, 1f), Mul(mu, mu)), Exp(logVar));
        return Scale(SumAll(terms), -0.5f / mu.Dim(0));
    }
}
