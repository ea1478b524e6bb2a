using Kosmo.Features.Dataset;

namespace Kosmo.Features.Tests.Dataset;

/// <summary>Sub-batches for data-parallel replicas: every buffer's rows copied, the count set, bad layouts refused.</summary>
public sealed class WindowBatchTests
{
    [Fact]
    public void CopyRowsTo_Should_CopyEveryBufferRow_When_TakingASlice()
    {
        // Given a 10-row batch (L=3, K=2, mask, 2 categoricals, 1 real) whose every value encodes its position
        var source = new WindowBatch(10, 3, 2, true, 2, 1);
        Fill(source);
        source.SetCount(9);
        var target = new WindowBatch(5, 3, 2, true, 2, 1);

        // When rows [4, 8) are copied
        source.CopyRowsTo(4, 4, target);

        // Then the target holds exactly those rows in order and counts four
        target.Count.Should().Be(4);
        target.X[..24].Should().Equal(source.X[24..48]);
        target.Mask![..24].Should().Equal(source.Mask![24..48]);
        target.Labels[..4].Should().Equal(source.Labels[4..8]);
        target.Weights[..4].Should().Equal(source.Weights[4..8]);
        target.Categorical[..8].Should().Equal(source.Categorical[8..16]);
        target.Reals[..4].Should().Equal(source.Reals[4..8]);
        target.DateIndex[..4].Should().Equal(source.DateIndex[4..8]);
        target.CodeIndex[..4].Should().Equal(source.CodeIndex[4..8]);
    }

    [Fact]
    public void CopyRowsTo_Should_Throw_When_LayoutOrRowsDoNotFit()
    {
        var source = new WindowBatch(10, 3, 2, false, 2, 1);
        FluentActions.Invoking(() => source.CopyRowsTo(0, 4, new WindowBatch(5, 4, 2, false, 2, 1))).Should().Throw<ArgumentException>().WithMessage("*layout*");
        FluentActions.Invoking(() => source.CopyRowsTo(0, 4, new WindowBatch(5, 3, 2, true, 2, 1))).Should().Throw<ArgumentException>().WithMessage("*layout*");
        FluentActions.Invoking(() => source.CopyRowsTo(0, 4, new WindowBatch(5, 3, 2, false, 1, 1))).Should().Throw<ArgumentException>().WithMessage("*layout*");
        FluentActions.Invoking(() => source.CopyRowsTo(8, 4, new WindowBatch(5, 3, 2, false, 2, 1))).Should().Throw<ArgumentException>().WithMessage("*rows [8, 12)*");
        FluentActions.Invoking(() => source.CopyRowsTo(0, 6, new WindowBatch(5, 3, 2, false, 2, 1))).Should().Throw<ArgumentException>().WithMessage("*B=5*");
        FluentActions.Invoking(() => source.SetCount(11)).Should().Throw<ArgumentOutOfRangeException>();
    }

    private static void Fill(WindowBatch b)
    {
        for (var i = 0; i < b.X.Length; i++)
        {
            b.X[i] = i;
            b.Mask![i] = i % 2;
        }

        for (var n = 0; n < b.BatchSize; n++)
        {
            b.Labels[n] = n % 3;
            b.Weights[n] = n * 0.5f;
            b.Categorical[2 * n] = 100 + n;
            b.Categorical[(2 * n) + 1] = 200 + n;
            b.Reals[n] = -n;
            b.DateIndex[n] = 1000 + n;
            b.CodeIndex[n] = 2000 + n;
        }
    }
}
