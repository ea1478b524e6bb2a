using Kosmo.Tensors;

namespace Kosmo.Tensors.Tests.Operations;

/// <summary>Ops.Elu's vectorised forward and backward against the float64 definition, across vector lanes and the tail.</summary>
public sealed class EluTests
{
    [Fact]
    public void Elu_Should_MatchTheDefinitionAndItsDerivative_When_ValuesSpanBothSignsAndATail()
    {
        // Given 1,037 values in [-8, 8] (not a multiple of 8) incl. exact zeros, and an upstream gradient r
        var rng = new Random(21);
        var values = Enumerable.Range(0, 1037).Select(i => i % 101 == 0 ? 0f : (float)((rng.NextDouble() * 16) - 8)).ToArray();
        var x = new Parameter("x", values, values.Length);
        var r = Enumerable.Range(0, values.Length).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();

        // When y = ELU(x) and Σ r·y is back-propagated
        var y = Ops.Elu(x);
        Ops.SumAll(Ops.Mul(y, new Tensor(r, r.Length))).Backward();

        // Then y = x > 0 ? x : eˣ − 1 and ∂/∂x = r·(x > 0 ? 1 : eˣ), to float rounding
        for (var i = 0; i < values.Length; i++)
        {
            double v = values[i];
            var expected = v > 0 ? v : Math.Exp(v) - 1;
            y.Data[i].Should().BeApproximately((float)expected, 1e-6f + (2e-6f * (float)Math.Abs(expected)), $"ELU({v})");
            var grad = r[i] * (v > 0 ? 1 : Math.Exp(v));
            x.Grad![i].Should().BeApproximately((float)grad, 2e-6f, $"ELU'({v})");
        }
    }
}
