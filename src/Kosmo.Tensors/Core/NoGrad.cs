namespace Kosmo.Tensors;

/// <summary>
/// Inference mode: inside <c>using (NoGrad.Scope()) { ... }</c> ops record nothing on the tape and outputs do not
/// require gradients. Scopes nest; the setting is per thread.
/// </summary>
public static class NoGrad
{
    [ThreadStatic]
    private static int _depth;

    /// <summary>True while a scope is open on this thread.</summary>
    public static bool IsActive => _depth > 0;

    /// <summary>Opens a no-grad scope; dispose it to close.</summary>
    public static IDisposable Scope()
    {
        _depth++;
        return new Closer();
    }

    private sealed class Closer : IDisposable
    {
        private bool _closed;

        public void Dispose()
        {
            if (!_closed)
            {
                _closed = true;
                _depth--;
            }
        }
    }
}
