using System.Collections.Concurrent;

namespace Kosmo.Tensors.Tests.Core;

/// <summary>The spinning worker pool behind every parallel kernel: coverage, errors, nesting, concurrent callers.</summary>
[Collection(ThreadCountCollection.Name)]
public sealed class TensorThreadsTests
{
    [Fact]
    public void Use_Should_RestoreThePreviousCount_When_TheScopeEnds()
    {
        var before = TensorThreads.Count;
        using (TensorThreads.Use(before + 3))
        {
            TensorThreads.Count.Should().Be(before + 3);
        }

        TensorThreads.Count.Should().Be(before);
        FluentActions.Invoking(() => TensorThreads.Use(0)).Should().Throw<ArgumentOutOfRangeException>();
        TensorThreads.Count.Should().Be(before);
    }

    [Fact]
    public void For_Should_CoverEveryIndexOnce_When_SplitOverTwoThreads()
    {
        WithThreads(2, () =>
        {
            // Given 100,003 slots and a region split in two chunks
            var hits = new int[100_003];

            // When every chunk marks its range, many times in a row (the worker spins between regions)
            for (var round = 0; round < 200; round++)
            {
                TensorThreads.For(hits.Length, 1, (s, e) =>
                {
                    for (var i = s; i < e; i++)
                    {
                        hits[i]++;
                    }
                });
            }

            // Then every slot was visited exactly once per round
            hits.Should().OnlyContain(h => h == 200);
        });
    }

    [Fact]
    public void ForBalanced_Should_CoverEveryIndexOnceInFixedPieces_When_RunRepeatedly()
    {
        WithThreads(2, () =>
        {
            // Given 100,001 slots cut into pieces of at least 1,000
            var hits = new int[100_001];
            var pieces = new ConcurrentDictionary<(int, int), int>();

            // When the region runs 50 times
            for (var round = 0; round < 50; round++)
            {
                TensorThreads.ForBalanced(hits.Length, 1000, (s, e) =>
                {
                    pieces.AddOrUpdate((s, e), 1, (_, c) => c + 1);
                    for (var i = s; i < e; i++)
                    {
                        hits[i]++;
                    }
                });
            }

            // Then every slot was visited once per round, always through the same eight pieces (4 per thread)
            hits.Should().OnlyContain(h => h == 50);
            pieces.Should().HaveCount(8);
            pieces.Values.Should().OnlyContain(c => c == 50);
        });
    }

    [Fact]
    public void ForDynamic_Should_RunEveryItemOnce_When_ItemsAreUneven()
    {
        WithThreads(2, () =>
        {
            // Given 37 items of very different cost
            var runs = new int[37];
            var threads = new ConcurrentDictionary<int, bool>();

            // When they are handed out dynamically
            TensorThreads.ForDynamic(runs.Length, i =>
            {
                threads[Environment.CurrentManagedThreadId] = true;
                Thread.SpinWait(i % 5 == 0 ? 200_000 : 1_000);
                Interlocked.Increment(ref runs[i]);
            });

            // Then each ran exactly once
            runs.Should().OnlyContain(r => r == 1);
            threads.Count.Should().BeInRange(1, 2);
        });
    }

    [Fact]
    public void For_Should_RethrowTheWorkersException_When_ItsChunkFails()
    {
        WithThreads(2, () =>
        {
            // Given a region whose second chunk (on the worker) throws
            var act = () => TensorThreads.For(1000, 1, (s, _) =>
            {
                if (s > 0)
                {
                    throw new InvalidOperationException("chunk at " + s);
                }
            });

            // Then the caller sees that exception, and the pool still works afterwards
            act.Should().Throw<InvalidOperationException>().WithMessage("chunk at 500");
            var sum = 0L;
            TensorThreads.For(1000, 1, (s, e) => Interlocked.Add(ref sum, e - s));
            sum.Should().Be(1000);
        });
    }

    [Fact]
    public void For_Should_RunNestedRegionsInline_When_CalledFromAChunk()
    {
        WithThreads(2, () =>
        {
            // Given an outer region whose chunks open inner regions
            var hits = new int[64 * 64];

            // When both levels run
            TensorThreads.For(64, 1, (s, e) =>
            {
                for (var r = s; r < e; r++)
                {
                    var row = r;
                    TensorThreads.For(64, 1, (c0, c1) =>
                    {
                        for (var c = c0; c < c1; c++)
                        {
                            hits[(row * 64) + c]++;
                        }
                    });
                }
            });

            // Then nothing deadlocks and every cell is visited once
            hits.Should().OnlyContain(h => h == 1);
        });
    }

    [Fact]
    public void For_Should_GiveEachCallerItsOwnResult_When_ThreadsCallConcurrently()
    {
        WithThreads(2, () =>
        {
            // Given four application threads each summing its own array through regions at the same time
            var totals = new long[4];
            var tasks = Enumerable.Range(0, 4).Select(id => Task.Run(() =>
            {
                var data = Enumerable.Range(0, 50_000).Select(i => (long)((i % 7) + id)).ToArray();
                for (var round = 0; round < 50; round++)
                {
                    var partial = new long[2];
                    TensorThreads.For(data.Length, 1, (s, e) =>
                    {
                        long acc = 0;
                        for (var i = s; i < e; i++)
                        {
                            acc += data[i];
                        }

                        partial[s == 0 ? 0 : 1] = acc;
                    });
                    totals[id] = partial[0] + partial[1];
                }
            })).ToArray();
            Task.WaitAll(tasks);

            // Then each total is its own array's sum (callers that find the workers busy run their chunks inline)
            for (var id = 0; id < 4; id++)
            {
                var expected = Enumerable.Range(0, 50_000).Sum(i => (long)((i % 7) + id));
                totals[id].Should().Be(expected);
            }
        });
    }

    private static void WithThreads(int count, Action body)
    {
        var saved = TensorThreads.Count;
        TensorThreads.Count = count;
        try
        {
            body();
        }
        finally
        {
            TensorThreads.Count = saved;
        }
    }
}
