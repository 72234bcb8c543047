//! Merging databases, syncing with a shared file or folder, conflicts: built with the sync
//! issue, on the change set the store already keeps.
