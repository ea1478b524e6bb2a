namespace Kosmo.Tensors.Tests.Operations;

/// <summary>
/// The parallel path of Add/Sub/Mul (full operands, or one broadcast along a middle run of axes, ≥ 32K outputs)
/// against plain loops doing the same float operations in the same order: values and gradients bit for bit, at one
/// and at two threads.
/// </summary>
public sealed class BinaryFastPathTests
{
    private const int B = 8;
    private const int L = 64;
    private const int D = 64;

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var c in new[] { "add_context", "sub_context_first", "mul_context", "add_bias", "mul_full", "sub_full", "square" })
        {
            data.Add(c, 1);
            data.Add(c, 2);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Op_Should_MatchOrderedLoops_When_OutputIsLarge(string op, int threads)
    {
        var saved = TensorThreads.Count;
        TensorThreads.Count = threads;
        try
        {
            Check(op);
        }
        finally
        {
            TensorThreads.Count = saved;
        }
    }

    private static void Check(string op)
    {
        // Given a (B, L, D) operand, the other operand for the case, and an upstream gradient W (loss = Σ y·W)
        var rng = new Random(op.Length * 7);
        var big = new Parameter("big", Tensor.Randn(rng, 1f, B * L * D).Data, B, L, D);
        var w = Tensor.Randn(rng, 1f, B, L, D);
        Parameter other = op switch
        {
            "add_context" or "sub_context_first" or "mul_context" => new Parameter("ctx", Tensor.Randn(rng, 1f, B * D).Data, B, 1, D),
            "add_bias" => new Parameter("bias", Tensor.Randn(rng, 1f, D).Data, D),
            "square" => big,
            _ => new Parameter("full", Tensor.Randn(rng, 1f, B * L * D).Data, B, L, D),
        };

        // When the op runs forward and backward
        var y = op switch
        {
            "add_context" or "add_bias" => Ops.Add(big, other),
            "sub_context_first" => Ops.Sub(other, big),
            "sub_full" => Ops.Sub(big, other),
            "square" => Ops.Mul(big, big),
            _ => Ops.Mul(big, other),
        };
        Ops.SumAll(Ops.Mul(y, w)).Backward();

        // Then y and both gradients equal the ordered loops exactly
        var n = B * L * D;
        var ey = new float[n];
        var egBig = new float[n];
        var egOther = new float[other.Size];
        for (var idx = 0; idx < n; idx++)
        {
            var o = op is "add_bias" ? idx % D : op is "mul_full" or "sub_full" or "square" ? idx : ((idx / (L * D)) * D) + (idx % D);
            float bv = big.Data[idx], ov = other.Data[o], g = w.Data[idx];
            switch (op)
            {
                case "add_context":
                case "add_bias":
                    ey[idx] = bv + ov;
                    egBig[idx] += g;
                    egOther[o] += g;
                    break;
                case "sub_context_first":
                    ey[idx] = ov - bv;
                    egOther[o] += g;
                    egBig[idx] -= g;
                    break;
                case "sub_full":
                    ey[idx] = bv - ov;
                    egBig[idx] += g;
                    egOther[o] -= g;
                    break;
                case "square":
                    ey[idx] = bv * bv;
                    egBig[idx] += g * bv;
                    break;
                default:
                    ey[idx] = bv * ov;
                    egBig[idx] += g * ov;
                    egOther[o] += g * bv;
                    break;
            }
        }

        if (op == "square")
        {
            for (var idx = 0; idx < n; idx++)
            {
                egBig[idx] += w.Data[idx] * big.Data[idx];
            }
        }

        y.ToArray().Should().Equal(ey);
        big.Grad!.AsSpan(0, n).ToArray().Should().Equal(egBig);
        if (op != "square")
        {
            other.Grad!.AsSpan(0, other.Size).ToArray().Should().Equal(egOther);
        }
    }
}
