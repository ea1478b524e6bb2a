using System.Runtime.InteropServices;

namespace Kosmo.Data.Store;

/// <summary>
/// Direct, blittable calls into the bundled e_sqlite3 library for the insert loop of the importer (bind, step,
/// reset on a raw statement pointer). SQLitePCLRaw routes each of these through an interface dispatch, SafeHandle
/// ref-counting and, for text, a UTF-16 → UTF-8 copy; 15 binds per row made that cost as much as SQLite's B-tree
/// insert. Use only when <see cref="Panel.NativeSqlite.IsAvailable"/> is true; the caller keeps the statement's
/// SafeHandle alive (DangerousAddRef) while it uses the pointer.
/// </summary>
internal static unsafe partial class NativeBind
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_STATIC: the bound text stays valid (pinned) until the next bind or reset.</summary>
    internal static readonly IntPtr Static = IntPtr.Zero;

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int")]
    [SuppressGCTransition]
    internal static partial int BindInt(IntPtr stmt, int index, int value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_double")]
    [SuppressGCTransition]
    internal static partial int BindDouble(IntPtr stmt, int index, double value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    [SuppressGCTransition]
    internal static partial int BindNull(IntPtr stmt, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    [SuppressGCTransition]
    internal static partial int BindText(IntPtr stmt, int index, byte* text, int bytes, IntPtr destructor);

    /// <summary>Runs the statement (may do I/O: keeps the GC transition).</summary>
    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    internal static partial int Step(IntPtr stmt);

    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    internal static partial int Reset(IntPtr stmt);
}
