using Kosmo.Models.Neural;
using Kosmo.Models.Training;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Neural;

public sealed class TransformerClassifierTests
{
    private static TransformerOptions Tiny(PositionEncoding positions, SequencePooling pooling) =>
        new(Features: 3, ModelDim: 4, Heads: 2, Layers: 2, FeedForwardDim: 6, Dropout: 0.1f, Positions: positions, Pooling: pooling,
            MaxLength: 8, Seed: 4, Statics: new StaticInputSpec([3], 2, 1));

    [Theory]
    [InlineData(PositionEncoding.Sinusoidal, SequencePooling.Last)]
    [InlineData(PositionEncoding.Learned, SequencePooling.Mean)]
    public void Backward_Should_MatchFiniteDifferences_When_ModelIsTiny(PositionEncoding positions, SequencePooling pooling)
    {
        // Given a tiny 2-block Transformer, when checked, then every gradient matches central differences
        NeuralModelChecks.GradientsMatchFiniteDifferences(new TransformerClassifier(Tiny(positions, pooling)), statics: true);
    }

    [Fact]
    public void Fit_Should_ReachNearZeroLoss_When_Overfitting64Samples()
    {
        // Given 64 random-labelled windows, when trained, then the Transformer memorises them
        var model = new TransformerClassifier(new TransformerOptions(Features: 6, ModelDim: 16, Heads: 2, Layers: 1, FeedForwardDim: 32, Dropout: 0f, Seed: 1));
        NeuralModelChecks.OverfitLoss(model, epochs: 100, learningRate: 1e-2).Should().BeLessThan(0.05);
    }

    [Fact]
    public void Forward_Should_DependOnEarlyDays_When_WindowChanges()
    {
        // Given a batch and its last-position logits
        var model = new TransformerClassifier(Tiny(PositionEncoding.Sinusoidal, SequencePooling.Last) with { Statics = null, Layers = 1 });
        var batch = TinyWindows.FirstBatch(TinyWindows.Create(4, 5, 3, 3, seed: 2));
        var before = model.Forward(batch, false, new Random(0)).ToArray();

        // When only the first day of the first window changes
        Array.Fill(batch.X, 5f, 0, 3);
        var after = model.Forward(batch, false, new Random(0)).ToArray();

        // Then the first sample's logits move (attention reaches back) and the others stay identical
        after.AsSpan(0, 3).ToArray().Should().NotEqual(before.AsSpan(0, 3).ToArray());
        after.AsSpan(3).ToArray().Should().Equal(before.AsSpan(3).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ForwardLast_Should_EqualTheFullBlocksLastStep_When_Computed(bool training)
    {
        // Given one block (D = 16, 4 heads) and a (3, 20, 16) input
        var block = new TransformerBlock("b", 16, 4, 32, training ? 0f : 0.1f, new Random(3));
        var rng = new Random(8);
        var x = new Tensor([.. Enumerable.Range(0, 3 * 20 * 16).Select(_ => (float)(rng.NextDouble() * 2 - 1))], 3, 20, 16);

        // When the block runs in full (causal mask) and for the last step alone
        var full = block.Forward(x, Ops.CausalMask(20), training, new Random(1)).ToArray();
        var last = block.ForwardLast(x, training, new Random(1)).ToArray();

        // Then the last step's output is the full block's last row
        last.Length.Should().Be(3 * 16);
        for (var b = 0; b < 3; b++)
        {
            for (var j = 0; j < 16; j++)
            {
                last[(b * 16) + j].Should().BeApproximately(full[(((b * 20) + 19) * 16) + j], 1e-5f, $"sample {b}, unit {j}");
            }
        }
    }
}
