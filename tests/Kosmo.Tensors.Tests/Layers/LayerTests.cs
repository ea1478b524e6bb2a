using Kosmo.Tensors;
using Kosmo.Tensors.Layers;

namespace Kosmo.Tensors.Tests.Layers;

/// <summary>Layer helpers: PyTorch-style initialisation bounds, names and shapes.</summary>
public sealed class LayerTests
{
    [Fact]
    public void LinearLayer_Should_InitialiseWithinPyTorchBound_When_Created()
    {
        // Given a 16 -> 5 layer (bound 1/√16 = 0.25)
        var layer = new LinearLayer("fc", 16, 5, new Random(1));

        // Then names, shapes and bounds follow nn.Linear, and Forward maps (2, 3, 16) to (2, 3, 5)
        layer.Parameters.Select(p => p.Name).Should().Equal("fc.weight", "fc.bias");
        layer.Weight.Shape.Should().Equal(5, 16);
        layer.Weight.ToArray().Should().OnlyContain(v => Math.Abs(v) <= 0.25f).And.Contain(v => Math.Abs(v) > 0.2f);
        layer.Forward(Tensor.Zeros(2, 3, 16)).Shape.Should().Equal(2, 3, 5);
    }

    [Fact]
    public void LstmLayer_Should_ReturnAllHiddenStates_When_Run()
    {
        // Given an LSTM 3 -> 8 (bound 1/√8 per weight, bias is the sum of two such draws)
        var lstm = new LstmLayer("lstm", 3, 8, new Random(2));
        var x = Tensor.Randn(new Random(3), 1f, 4, 6, 3);

        // When run from a zero state
        var h = lstm.Forward(x, Tensor.Zeros(4, 8), Tensor.Zeros(4, 8));

        // Then the output is (4, 6, 8), bounded by tanh, and parameters are bounded
        h.Shape.Should().Equal(4, 6, 8);
        h.ToArray().Should().OnlyContain(v => Math.Abs(v) < 1f);
        lstm.WeightHh.ToArray().Should().OnlyContain(v => Math.Abs(v) <= 1f / MathF.Sqrt(8));
        lstm.Bias.ToArray().Should().OnlyContain(v => Math.Abs(v) <= 2f / MathF.Sqrt(8));
    }
}
