namespace Kosmo.Tensors;

/// <summary>
/// The reverse-mode autodiff tape (one per thread). Ops append a backward step when an input requires a gradient;
/// <see cref="Backward"/> runs the steps in reverse order, accumulating into <see cref="Tensor.Grad"/>, then clears
/// the tape. Gradients of intermediate tensors are released as soon as their step has run.
/// </summary>
public static class Tape
{
    [ThreadStatic]
    private static List<Entry>? _entries;

    /// <summary>Number of recorded backward steps on this thread.</summary>
    public static int Count => _entries?.Count ?? 0;

    /// <summary>
    /// Backpropagates from <paramref name="loss"/> (seeded with ones, normally a scalar), then clears the tape.
    /// Parameter gradients accumulate (call ZeroGrad between steps).
    /// </summary>
    /// <exception cref="InvalidOperationException">The loss does not require a gradient.</exception>
    public static void Backward(Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (!loss.RequiresGrad)
        {
            throw new InvalidOperationException("Backward on a tensor that does not require a gradient (built under NoGrad, or from no parameters).");
        }

        var g = loss.GradBuffer();
        Array.Fill(g, 1f, 0, loss.Size);
        var list = _entries;
        if (list is not null)
        {
            for (var i = list.Count - 1; i >= 0; i--)
            {
                var e = list[i];
                if (e.Output.Grad is not null)
                {
                    if (e.Section is null)
                    {
                        e.Backward();
                    }
                    else
                    {
                        var t0 = Diagnostics.OpProfiler.Clock();
                        Diagnostics.OpProfiler.BackwardSection = e.Section;
                        e.Backward();
                        Diagnostics.OpProfiler.BackwardSection = null;
                        Diagnostics.OpProfiler.AddBackward(e.Section, Diagnostics.OpProfiler.Clock() - t0);
                    }

                    if (e.Output is not Parameter)
                    {
                        TensorArena.Return(e.Output.Grad);
                        e.Output.Grad = null;
                    }
                }
            }

            list.Clear();
        }
    }

    /// <summary>Drops all recorded steps without running them (e.g. after an aborted step).</summary>
    public static void Clear() => _entries?.Clear();

    /// <summary>
    /// Marks <paramref name="output"/> as requiring a gradient and records <paramref name="backward"/> when recording
    /// is on and any input requires a gradient; returns true when recorded. Use this to add a new op: the closure reads
    /// <c>output.Grad</c> and adds into <c>input.GradBuffer()</c> for each input with <c>RequiresGrad</c>.
    /// </summary>
    public static bool Record(Tensor output, Action backward, params Tensor?[] inputs)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        if (NoGrad.IsActive)
        {
            return false;
        }

        var any = false;
        foreach (var t in inputs)
        {
            any |= t is { RequiresGrad: true };
        }

        if (!any)
        {
            return false;
        }

        output.RequiresGrad = true;
        (_entries ??= new List<Entry>(1024)).Add(new Entry(output, backward, Diagnostics.OpProfiler.Enabled ? Diagnostics.OpProfiler.Current : null));
        return true;
    }

    private readonly record struct Entry(Tensor Output, Action Backward, string? Section);
}
