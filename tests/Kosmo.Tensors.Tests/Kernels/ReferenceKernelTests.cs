using Kosmo.Tensors;
using Kosmo.Tensors.Kernels;

namespace Kosmo.Tensors.Tests.Kernels;

/// <summary>Fast LSTM, softmax and layer norm kernels against their plain double-precision references.</summary>
public sealed class ReferenceKernelTests
{
    [Fact]
    public void Lstm_Should_MatchReference_When_SequenceIsLong()
    {
        // Given B=3, L=40, I=7, H=16 with initial state
        var rng = new Random(11);
        int b = 3, l = 40, inF = 7, h = 16;
        var x = Tensor.Randn(rng, 1f, b, l, inF);
        var h0 = Tensor.Randn(rng, 0.5f, b, h);
        var c0 = Tensor.Randn(rng, 0.5f, b, h);
        var wIh = Tensor.Randn(rng, 0.3f, 4 * h, inF);
        var wHh = Tensor.Randn(rng, 0.3f, 4 * h, h);
        var bias = Tensor.Randn(rng, 0.1f, 4 * h);

        // When both run
        var y = Ops.Lstm(x, h0, c0, wIh, wHh, bias);
        var expected = LstmReference.Forward(x.Data, b, l, inF, h0.Data, c0.Data, wIh.Data, wHh.Data, bias.Data, h);

        // Then every hidden state agrees within 1e-5
        for (var i = 0; i < expected.Length; i++)
        {
            ((double)y.Data[i]).Should().BeApproximately(expected[i], 1e-5, $"element {i}");
        }
    }

    [Fact]
    public void Softmax_Should_MatchReference_When_MaskedAndUnmasked()
    {
        // Given 6 rows of 9 logits with a wide range and a mask pattern
        var rng = new Random(3);
        var x = Tensor.Randn(rng, 5f, 6, 9);
        var mask = Enumerable.Range(0, 9).Select(j => j % 3 == 1).ToArray();

        foreach (var (m, log) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            // When the fast op runs
            var y = log ? Ops.LogSoftmax(x, m ? mask : null) : Ops.Softmax(x, m ? mask : null);

            // Then each row matches the reference within 1e-6 (absolute for probabilities, relative for logs)
            for (var r = 0; r < 6; r++)
            {
                var e = SoftmaxReference.Row(x.Data.AsSpan(r * 9, 9).ToArray(), m ? mask : null, log);
                for (var j = 0; j < 9; j++)
                {
                    var a = y.Data[(r * 9) + j];
                    if (double.IsNegativeInfinity(e[j]))
                    {
                        float.IsNegativeInfinity(a).Should().BeTrue();
                    }
                    else
                    {
                        ((double)a).Should().BeApproximately(e[j], 1e-6 * Math.Max(1, Math.Abs(e[j])) * 4);
                    }
                }
            }
        }
    }

    [Fact]
    public void LayerNorm_Should_MatchReference_When_RowsHaveLargeOffsets()
    {
        // Given rows with mean 100 and scale 3
        var rng = new Random(9);
        var x = Tensor.Randn(rng, 3f, 50, 64);
        System.Numerics.Tensors.TensorPrimitives.Add(x.Span, 100f, x.Span);
        var g = Tensor.Randn(rng, 1f, 64);
        var b = Tensor.Randn(rng, 1f, 64);

        // When both run
        var y = Ops.LayerNorm(x, g, b);
        var e = LayerNormReference.Forward(x.Data, 64, g.Data, b.Data, 1e-5);

        // Then they agree within 2e-4 (float32 rounding of x near 100 limits precision)
        for (var i = 0; i < e.Length; i++)
        {
            ((double)y.Data[i]).Should().BeApproximately(e[i], 2e-4 * Math.Max(1, Math.Abs(e[i])));
        }
    }
}
