namespace Kosmo.Data.Store;

/// <summary>Why a database could not be opened (<see cref="StoreException"/>).</summary>
public enum StoreProblem
{
    /// <summary>The path names a folder, not a file.</summary>
    IsDirectory,

    /// <summary>The file is not a SQLite database or is damaged.</summary>
    Corrupt,

    /// <summary>The database was written by a newer Kosmo (or holds an invalid schema version).</summary>
    NewerSchema,

    /// <summary>A write command was given a database it cannot write (read-only file or folder).</summary>
    ReadOnly,
}
