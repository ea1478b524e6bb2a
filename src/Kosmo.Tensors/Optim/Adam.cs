using System.Runtime.Intrinsics;

namespace Kosmo.Tensors.Optim;

/// <summary>
/// Adam / AdamW with PyTorch 1.13 semantics (non-amsgrad):
/// Adam adds wd·p to the gradient; AdamW (<see cref="Decoupled"/>) first scales p by (1 − lr·wd).
/// m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; p −= (lr / (1−β1ᵗ)) · m / (√v / √(1−β2ᵗ) + eps).
/// </summary>
public partial class Adam : Optimizer
{
    private readonly float[][] _m;
    private readonly float[][] _v;

    /// <summary>Creates Adam (L2 weight decay, default 0).</summary>
    public Adam(IEnumerable<Parameter> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : this(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupled: false)
    {
    }

    /// <summary>Creates Adam or AdamW.</summary>
    protected Adam(IEnumerable<Parameter> parameters, double learningRate, double beta1, double beta2, double eps, double weightDecay, bool decoupled)
        : base(parameters, learningRate)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        Decoupled = decoupled;
        _m = Parameters.Select(p => new float[p.Size]).ToArray();
        _v = Parameters.Select(p => new float[p.Size]).ToArray();
    }

    /// <summary>β1.</summary>
    public double Beta1 { get; }

    /// <summary>β2.</summary>
    public double Beta2 { get; }

    /// <summary>ε added to the denominator.</summary>
    public double Eps { get; }

    /// <summary>Weight decay (L2 for Adam, decoupled for AdamW).</summary>
    public double WeightDecay { get; }

    /// <summary>True for AdamW.</summary>
    public bool Decoupled { get; }

    /// <inheritdoc />
    protected override void Update(int index, Span<float> value, ReadOnlySpan<float> grad)
    {
        var m = _m[index];
        var v = _v[index];
        float b1 = (float)Beta1, b2 = (float)Beta2, wd = (float)WeightDecay;
        var bc1 = 1 - Math.Pow(Beta1, StepCount);
        var bc2Sqrt = Math.Sqrt(1 - Math.Pow(Beta2, StepCount));
        var stepSize = (float)(LearningRate / bc1);
        var bc2 = (float)bc2Sqrt;
        var eps = (float)Eps;
        var decay = (float)(1 - (LearningRate * WeightDecay));
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Same operations in the same order as the scalar loop below (no FMA contraction), so the same bits.
            Vector256<float> vb1 = Vector256.Create(b1), vb2 = Vector256.Create(b2), c1 = Vector256.Create(1 - b1), c2 = Vector256.Create(1 - b2);
            Vector256<float> vwd = Vector256.Create(wd), vdecay = Vector256.Create(decay), vbc2 = Vector256.Create(bc2);
            Vector256<float> veps = Vector256.Create(eps), vstep = Vector256.Create(stepSize);
            for (; j <= value.Length - 8; j += 8)
            {
                var g = Vector256.Create(grad.Slice(j, 8));
                var p = Vector256.Create((ReadOnlySpan<float>)value.Slice(j, 8));
                if (Decoupled)
                {
                    p *= vdecay;
                }
                else if (wd != 0)
                {
                    g += vwd * p;
                }

                var mv = (Vector256.Create((ReadOnlySpan<float>)m.AsSpan(j, 8)) * vb1) + (c1 * g);
                var vv = (Vector256.Create((ReadOnlySpan<float>)v.AsSpan(j, 8)) * vb2) + (c2 * g * g);
                mv.CopyTo(m.AsSpan(j, 8));
                vv.CopyTo(v.AsSpan(j, 8));
                var denom = (Vector256.Sqrt(vv) / vbc2) + veps;
                (p - (vstep * (mv / denom))).CopyTo(value.Slice(j, 8));
            }
        }

        for (; j < value.Length; j++)
        {
            var g = grad[j];
            if (Decoupled)
            {
                value[j] *= decay;
            }
            else if (wd != 0)
            {
                g += wd * value[j];
            }

            m[j] = (m[j] * b1) + ((1 - b1) * g);
            v[j] = (v[j] * b2) + ((1 - b2) * g * g);
            var denom = (MathF.Sqrt(v[j]) / bc2) + eps;
            value[j] -= stepSize * (m[j] / denom);
        }
    }
}
