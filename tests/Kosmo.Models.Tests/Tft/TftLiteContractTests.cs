using Kosmo.Features.Dataset;
using Kosmo.Models.Tft;
using Kosmo.Tensors;

namespace Kosmo.Models.Tests.Tft;

/// <summary>TftLite as an ISequenceClassifier: WindowBatch input, determinism, names, option checks.</summary>
public sealed class TftLiteContractTests
{
    [Fact]
    public void Forward_Should_UseOnlyTheValidRowsOfAWindowBatch_When_CountBelowBatchSize()
    {
        // Given a batch buffer of 4 rows of which 3 are valid (Count is set by WindowDataset.Fill; reflection here)
        var model = new TftLite(new TftLiteOptions(2, [3], 1, Hidden: 8, Heads: 2, Classes: 4, Seed: 7));
        var batch = new WindowBatch(4, 5, 2, mask: false, categorical: 1, reals: 1);
        var rng = new Random(8);
        for (var i = 0; i < batch.X.Length; i++)
        {
            batch.X[i] = (float)rng.NextDouble();
        }

        int[] cats = [2, 0, 1, 2];
        cats.CopyTo(batch.Categorical, 0);
        float[] reals = [0.5f, -1f, 2f, 0f];
        reals.CopyTo(batch.Reals, 0);
        typeof(WindowBatch).GetProperty(nameof(WindowBatch.Count))!.SetValue(batch, 3);

        // When the contract forward runs (evaluation) twice, and the tensor forward on the first 3 rows
        float[] a, b2, direct, full;
        using (NoGrad.Scope())
        {
            a = model.Forward(batch, training: false, new Random(1)).ToArray();
            b2 = model.Forward(batch, training: false, new Random(2)).ToArray();
            var xs = new Tensor(batch.X.AsSpan(0, 3 * 5 * 2).ToArray(), 3, 5, 2);
            direct = model.ForwardLastStep(xs, [2, 0, 1], new Tensor([0.5f, -1f, 2f], 3, 1), null).Logits.ToArray();
            full = model.Forward(xs, [2, 0, 1], new Tensor([0.5f, -1f, 2f], 3, 1), null).Logits.ToArray();
        }

        // Then logits are (3, 4), deterministic without dropout, equal to the direct last-step call and to the full forward
        a.Should().HaveCount(12);
        a.Should().Equal(b2);
        a.Should().Equal(direct);
        a.Should().Equal(full, (x, e) => Math.Abs(x - e) <= 1e-6f + (1e-5f * Math.Abs(e)));
        model.Name.Should().Be("tft_lite");
        model.Classes.Should().Be(4);
    }

    [Fact]
    public void Constructor_Should_GiveSameWeightsForSameSeed_And_RejectBadOptions()
    {
        var o = new TftLiteOptions(3, [3, 10], 2, Hidden: 16, Heads: 4, Seed: 42);
        new TftLite(o).Parameters.SelectMany(p => p.ToArray()).Should().Equal(new TftLite(o).Parameters.SelectMany(p => p.ToArray()));
        new TftLite(o with { Seed = 43 }).Parameters[0].ToArray().Should().NotEqual(new TftLite(o).Parameters[0].ToArray());
        new TftLite(o).Parameters.Select(p => p.Name).Should().OnlyHaveUniqueItems();
        var badHeads = () => new TftLite(o with { Heads = 3 });
        badHeads.Should().Throw<ArgumentException>().WithMessage("*multiple of the heads*");
        var noStatics = () => new TftLite(new TftLiteOptions(3, [], 0));
        noStatics.Should().Throw<ArgumentException>().WithMessage("*static*");
    }
}
