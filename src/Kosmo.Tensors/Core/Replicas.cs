using System.Numerics.Tensors;

namespace Kosmo.Tensors;

/// <summary>
/// Data parallelism over a minibatch: <see cref="Run"/> runs R replicas of a forward/backward body, each on its own
/// slice of the batch, spread over the tensor threads (each replica on one thread, its kernels serial), and then sums
/// their parameter gradients. A training step at two threads then has one join instead of hundreds (one per parallel
/// kernel region) and each core keeps its own half-batch activations in its caches.
/// </summary>
/// <remarks>
/// Inside replica r, <see cref="TensorThreads.Count"/> reads 1 on that thread (kernels run serially) and every
/// <see cref="Parameter"/>'s <see cref="Tensor.Grad"/> is replica r's own buffer (replica 0's is the parameter's
/// ordinary gradient); the tape and the arena are per thread already. After all replicas finish, replicas 1..R−1 are
/// added into the ordinary gradients in that order, so the result depends only on R (not on which thread ran which
/// replica): reproducible at a fixed thread count. Layers that keep per-call buffers must key them by
/// <see cref="Index"/> so two replicas never share one (KernelWorkspace and the fused VSN bank do).
/// </remarks>
public static class Replicas
{
    /// <summary>Most replicas one <see cref="Run"/> may use.</summary>
    public const int Max = 16;

    [ThreadStatic]
    private static int _index;

    [ThreadStatic]
    private static bool _active;

    /// <summary>The replica this thread is running (0 outside <see cref="Run"/>).</summary>
    public static int Index => _index;

    /// <summary>True while this thread runs a replica body.</summary>
    public static bool IsActive => _active;

    /// <summary>
    /// Runs <paramref name="body"/>(r) for r in [0, <paramref name="count"/>), each inside its own replica scope and
    /// <see cref="TensorArena"/> scope, on the tensor threads; then adds the replicas' gradients of
    /// <paramref name="parameters"/> into their ordinary gradients (replica r's buffers are zeroed before its body).
    /// The body must finish its backward (the tape of its thread must be empty when it returns).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Count outside [1, <see cref="Max"/>].</exception>
    /// <exception cref="InvalidOperationException">Called from inside a replica.</exception>
    public static void Run(IReadOnlyList<Parameter> parameters, int count, Action<int> body)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(body);
        if (count is < 1 or > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Replica count {count} outside [1, {Max}].");
        }

        if (_active)
        {
            throw new InvalidOperationException("Replicas.Run inside a replica.");
        }

        TensorThreads.ForDynamic(count, r =>
        {
            _index = r;
            _active = true;
            try
            {
                if (r > 0)
                {
                    foreach (var p in parameters)
                    {
                        p.ClearReplicaGrad(r);
                    }
                }

                using (TensorArena.Scope())
                {
                    body(r);
                }
            }
            catch
            {
                Tape.Clear();
                throw;
            }
            finally
            {
                _index = 0;
                _active = false;
            }
        });

        for (var r = 1; r < count; r++)
        {
            foreach (var p in parameters)
            {
                var g = p.ReplicaGrad(r);
                if (g is null)
                {
                    continue;
                }

                var main = p.GradBuffer();
                TensorPrimitives.Add(main.AsSpan(0, p.Size), g.AsSpan(0, p.Size), main.AsSpan(0, p.Size));
            }
        }
    }

    /// <summary>
    /// Replicas for a batch of <paramref name="rows"/> rows: at most <paramref name="most"/>, and only as many as give
    /// every replica 16 rows (a smaller batch runs whole: a replica's kernels are serial); at least 1.
    /// </summary>
    public static int For(int rows, int most) => Math.Max(1, Math.Min(most, rows / MinRowsPerReplica));

    /// <summary>The replicas one thread count allows: <see cref="TensorThreads.Count"/>, at most <see cref="Max"/>.</summary>
    public static int ForThreads => Math.Max(1, Math.Min(TensorThreads.Count, Max));

    private const int MinRowsPerReplica = 16;

    /// <summary>Rows [start, end) of replica <paramref name="r"/> of <paramref name="count"/> over <paramref name="n"/> rows (contiguous, as even as possible).</summary>
    public static (int Start, int End) Slice(int n, int count, int r) => ((int)((long)n * r / count), (int)((long)n * (r + 1) / count));
}
