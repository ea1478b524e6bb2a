namespace Kosmo.Tensors.Tests.Core;

/// <summary>
/// Data-parallel replicas: the summed replica gradients equal the whole batch's, each replica runs its kernels
/// serially with its own parameter gradients, results are reproducible, and a failing replica leaves no state behind.
/// </summary>
[Collection(ThreadCountCollection.Name)]
public sealed class ReplicasTests
{
    private const int B = 48, F = 7, H = 32, C = 3;

    [Theory]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    [InlineData(1, 2)]
    public void Run_Should_GiveTheWholeBatchGradients_When_ReplicaSharesAreSummed(int threads, int replicas)
    {
        using (TensorThreads.Use(threads))
        {

            // Given a two-layer network, class weights and uneven sample weights
            var net = new Net(1);
            var (x, y, w) = Data(2);
            float[] classWeights = [0.7f, 1.9f, 1.1f];

            // When the whole batch is differentiated, and then the same batch as replica slices with shared normaliser
            float whole;
            using (TensorArena.Scope())
            {
                net.ZeroGrad();
                var loss = Ops.CrossEntropy(net.Forward(x, 0, B), y, classWeights, w);
                whole = loss.Item();
                loss.Backward();
            }

            var expected = net.Gradients();
            var normalizer = Ops.CrossEntropyNormalizer(y, classWeights, w, 0, B);
            var shares = new float[replicas];
            var seen = new int[replicas];
            using (TensorArena.Scope())
            {
                net.ZeroGrad();
                Replicas.Run(net.Parameters, replicas, r =>
                {
                    var (s, e) = Replicas.Slice(B, replicas, r);
                    seen[r] = (Replicas.IsActive ? 1 : 0) + (Replicas.Index == r ? 10 : 0) + (TensorThreads.Count == 1 ? 100 : 0);
                    var loss = Ops.CrossEntropy(net.Forward(x, s, e - s), y[s..e], classWeights, w[s..e], normalizer);
                    shares[r] = loss.Item();
                    loss.Backward();
                });
            }

            // Then every replica ran as itself with serial kernels, the shares add up to the loss, the gradients agree
            seen.Should().AllBeEquivalentTo(111);
            Replicas.IsActive.Should().BeFalse();
            Replicas.Index.Should().Be(0);
            shares.Sum().Should().BeApproximately(whole, 1e-6f * Math.Abs(whole));
            var actual = net.Gradients();
            for (var i = 0; i < expected.Length; i++)
            {
                var scale = expected[i].Max(Math.Abs);
                scale.Should().BeGreaterThan(0f);
                for (var j = 0; j < expected[i].Length; j++)
                {
                    actual[i][j].Should().BeApproximately(expected[i][j], 2e-6f * scale, $"parameter {i}, element {j}");
                }
            }
        }
    }

    [Fact]
    public void Run_Should_KeepReplicaGradientsApart_When_ReplicasRunConcurrently()
    {
        using (TensorThreads.Use(2))
        {

            // Given a parameter whose gradient from replica r is r + 1 everywhere (held back until both finished)
            var p = Parameter.CreateZeros("p", 1000);
            using var barrier = new Barrier(2);
            var threadIds = new int[2];

            // When both replicas run at once and each checks its own buffer before the other finishes
            var own = new float[2];
            using (TensorArena.Scope())
            {
                p.ZeroGrad();
                Replicas.Run([p], 2, r =>
                {
                    threadIds[r] = Environment.CurrentManagedThreadId;
                    var loss = Ops.Scale(Ops.SumAll(p), r + 1f);
                    loss.Backward();
                    barrier.SignalAndWait(TimeSpan.FromSeconds(10)).Should().BeTrue("both replicas run at the same time on two threads");
                    own[r] = p.Grad![999];
                    barrier.SignalAndWait(TimeSpan.FromSeconds(10));
                });
            }

            // Then each saw only its own gradient, on its own thread, and the parameter ends with the sum
            threadIds[0].Should().NotBe(threadIds[1]);
            own.Should().Equal(1f, 2f);
            p.Grad!.Should().AllBeEquivalentTo(3f);
        }
    }

    [Fact]
    public void TrimAllThreads_Should_EmptyTheWorkersPools_When_ReplicasLeftBuffersThere()
    {
        using (TensorThreads.Use(2))
        {
            var net = new Net(7);
            var (x, y, _) = Data(8);

            // Given a step of two replicas, one per thread, that leaves pooled buffers on both threads
            Replicas.Run(net.Parameters, 2, r => Ops.CrossEntropy(net.Forward(x, r * 24, 24), y[(r * 24)..((r + 1) * 24)]).Backward());
            Cached().Should().BeGreaterThan(0);

            // When every thread's pool is trimmed
            TensorArena.TrimAllThreads();

            // Then no thread keeps cached buffers
            Cached().Should().Be(0);
        }
    }

    // Bytes cached in the pools of the two threads that run two concurrent replicas (each waits for the other).
    private static long Cached()
    {
        using var barrier = new Barrier(2);
        var bytes = new long[2];
        Replicas.Run([], 2, r =>
        {
            bytes[r] = TensorArena.CachedBytes;
            barrier.SignalAndWait(TimeSpan.FromSeconds(10)).Should().BeTrue();
        });
        return bytes.Sum();
    }

    [Fact]
    public void Run_Should_GiveIdenticalBits_When_Repeated()
    {
        using (TensorThreads.Use(2))
        {
            Train().Should().Equal(Train());
        }
    }

    [Fact]
    public void Run_Should_RethrowAndResetTheThread_When_AReplicaFails()
    {
        using (TensorThreads.Use(2))
        {
            var net = new Net(3);
            var (x, _, _) = Data(4);

            // When replica 1 throws after recording a forward pass
            var act = () => Replicas.Run(net.Parameters, 2, r =>
            {
                var logits = net.Forward(x, r * 24, 24);
                if (r == 1)
                {
                    throw new InvalidDataException("replica 1 failed");
                }

                Ops.SumAll(logits).Backward();
            });

            // Then the error reaches the caller and this thread is outside any replica with an empty tape
            act.Should().Throw<InvalidDataException>().WithMessage("replica 1 failed");
            Replicas.IsActive.Should().BeFalse();
            Tape.Count.Should().Be(0);
            TensorThreads.Count.Should().Be(2);
            FluentActions.Invoking(() => Replicas.Run(net.Parameters, 0, _ => { })).Should().Throw<ArgumentOutOfRangeException>();
        }
    }

    private static float[] Train()
    {
        var net = new Net(5);
        var (x, y, w) = Data(6);
        var opt = new Kosmo.Tensors.Optim.AdamW(net.Parameters, 1e-2);
        var normalizer = Ops.CrossEntropyNormalizer(y, null, w, 0, B);
        for (var step = 0; step < 4; step++)
        {
            using (TensorArena.Scope())
            {
                opt.ZeroGrad();
                Replicas.Run(net.Parameters, 2, r =>
                {
                    var (s, e) = Replicas.Slice(B, 2, r);
                    Ops.CrossEntropy(net.Forward(x, s, e - s), y[s..e], null, w[s..e], normalizer).Backward();
                });
                opt.Step();
            }
        }

        return net.Parameters.SelectMany(p => p.ToArray()).ToArray();
    }

    private static (float[] X, int[] Y, float[] W) Data(int seed)
    {
        var rng = new Random(seed);
        var x = Tensor.Randn(rng, 1f, B, F).ToArray();
        var y = Enumerable.Range(0, B).Select(_ => rng.Next(C)).ToArray();
        var w = Enumerable.Range(0, B).Select(_ => 0.2f + (float)rng.NextDouble()).ToArray();
        return (x, y, w);
    }

    // Linear(F → H) → tanh → Linear(H → C) on rows [start, start + n) of x.
    private sealed class Net
    {
        public Net(int seed)
        {
            var rng = new Random(seed);
            Parameters =
            [
                Parameter.CreateUniform("w1", rng, 0.4f, H, F), Parameter.CreateUniform("b1", rng, 0.4f, H),
                Parameter.CreateUniform("w2", rng, 0.4f, C, H), Parameter.CreateUniform("b2", rng, 0.4f, C),
            ];
        }

        public Parameter[] Parameters { get; }

        public Tensor Forward(float[] x, int start, int n)
        {
            var rows = new Tensor(x.AsSpan(start * F, n * F).ToArray(), n, F);
            var h = Ops.Tanh(Ops.Linear(rows, Parameters[0], Parameters[1]));
            return Ops.Linear(h, Parameters[2], Parameters[3]);
        }

        public void ZeroGrad()
        {
            foreach (var p in Parameters)
            {
                p.ZeroGrad();
            }
        }

        public float[][] Gradients() => Parameters.Select(p => p.Grad!.AsSpan(0, p.Size).ToArray()).ToArray();
    }
}
