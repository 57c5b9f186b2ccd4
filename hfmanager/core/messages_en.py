"""The English wording of every core message (see :mod:`hfmanager.core.messages`).

One table, so the window's translations (``hfmanager.ui.messages``) can be checked
against it: a code added here without a Chinese template fails tests/ui/test_translations.
Placeholders are named; ``{x:size}``, ``{x:ago}``, ``{x:more}`` and ``{x:word}`` are shown
by the front end's formatters (``{x:word}`` is a key of :data:`WORDS`).
"""

from __future__ import annotations

# Small words a template takes as a parameter ({what:word}).
WORDS: dict[str, str] = {
    "a_link": "a link",
    "a_file": "a file",
    "a_link_not_followed": "a link (not followed)",
}

_PROBLEMS: dict[str, str] = {
    "problem.shard_index_unreadable": "Shard index '{file}' cannot be read: {error}",
    "problem.shard_index_no_map": "Shard index '{file}' is not valid JSON with a weight_map",
    "problem.missing_shard": "'{file}' lists {missing} of {total} shard(s) that are not in "
                             "this revision: {names}{more:more}",
    "problem.no_config": "No config.json in this revision: transformers cannot load it as is "
                         "(a partial download, or not a transformers model)",
    "problem.custom_code": "Contains Python code ({names}{more:more}): loading it needs "
                           "trust_remote_code=True, which runs that code on your machine",
    "problem.pickle_only": "Weights only in pickle format ({names}{more:more}) and no "
                           "safetensors: loading them can run arbitrary code",
    "problem.folder_unreadable": "Cannot read folder {folder}: {error}",
    "problem.bad_repo_folder": "{name} is not a cache repo folder name (expected "
                               "models--org--name, datasets--... or spaces--...)",
    "problem.scan_stopped": "The scan of this repo stopped early: {error}",
    "problem.dangling_ref": "Ref {refs} points to commit {commit}, whose snapshot is not in "
                            "the cache",
    "problem.layout_not_folder": "'{name}' should be a folder but is {what:word}; it was not "
                                 "followed",
    "problem.stray_in_repo": "Unexpected entry '{name}' in the repo folder",
    "problem.no_snapshots": "The repo folder has no snapshots folder: nothing usable is cached",
    "problem.blob_unreadable": "Cannot read blob: {error}",
    "problem.ref_not_file": "Ref '{ref}' is not a regular file",
    "problem.snapshot_not_folder": "'{name}' in snapshots/ should be a folder but is "
                                   "{what:word}",
    "problem.snapshot_not_commit": "Snapshot folder '{name}' is not a commit hash",
    "problem.name_not_utf8": "File name '{name}' is not valid UTF-8",
    "problem.config_unreadable": "config.json of revision {commit} cannot be read: {error}",
    "problem.bad_blob_name": "Blob name '{name}' is not a 40- or 64-character hex hash: it "
                             "was not written by huggingface_hub",
    "problem.store_payload_missing": "Blob '{name}' links into the shared blob store, but the "
                                     "payload {xet}… is missing: re-download the files that "
                                     "use it",
    "problem.blob_not_file": "Blob '{name}' is not a regular file",
    "problem.link_outside": "'{rel}' links outside the cache ({detail}); it was not followed",
    "problem.link_loop": "'{rel}' is a symlink loop ({detail})",
    "problem.broken_link": "'{rel}' is a broken link: its target {detail} is missing",
    "problem.cannot_read": "Cannot read '{rel}': {detail}",
    "problem.bad_ref": "Ref '{ref}' has a newline or spaces around its commit hash: "
                       "huggingface_hub and transformers cannot resolve it offline. "
                       "Downloading the repo again repairs it",
    "problem.odd_ref": "Ref '{ref}' names '{target}', not a commit hash",
    "problem.ref_no_commit": "Ref '{ref}' does not hold a commit hash",
    "problem.partial_snapshot": "Partial snapshot: {cached} of {total} files of this commit "
                                "are cached; the rest were never downloaded (an --include "
                                "download)",
    "problem.not_regular": "'{rel}' is not a regular file",
    "problem.blob_missing": "'{rel}' points to blob {etag}, which is missing: re-download "
                            "this file",
    "problem.link_to_folder": "'{rel}' links to a folder; it was not followed",
    "problem.incomplete": "Unfinished download left behind: {size:size}, last written "
                          "{written:ago}. Resume the download or delete it to free the space",
    "problem.unreadable": "Cannot read: {error}",
    "problem.checkpoint_link": "Checkpoint '{name}' is a link; it was not followed",
    "problem.torch_incomplete": "Unfinished torch.hub download left behind: {size:size}, "
                                "last written {written:ago}",
    "problem.torch_bad_checkout": "'{name}' does not look like a torch.hub checkout "
                                  "(owner_repo_ref)",
    "problem.torch_root_unreadable": "Cannot read torch hub folder: {error}",
    "problem.checkpoints_unreadable": "Cannot read checkpoints: {error}",
    "problem.link_not_followed": "'{name}' is a link; it was not followed",
    "problem.cache_unreadable": "Cannot read cache folder {folder}: {error}",
    "problem.link_in_cache": "'{name}' in the cache is a link; links are never followed, so "
                             "it was not scanned",
    "problem.stray_folder_in_cache": "Unexpected folder '{name}' in the cache folder",
    "problem.stray_file_in_cache": "Unexpected file '{name}' in the cache folder",
    "problem.stray_in_store": "Unexpected entry '{name}' in the shared blob store",
    "problem.corrupt": "{what}: content does not match its {algo} {expected} (actual {actual})",
    "problem.corrupt_shared": "{what}: content does not match its {algo} {expected} (actual "
                              "{actual}); it is the shared store file {payload}…, damaged for "
                              "every repo that uses it",
}

TEMPLATES: dict[str, str] = {**_PROBLEMS}

WORDS.update({
    "source_settings": "chosen in the app", "source_environment": "from HF_ENDPOINT",
    "source_default": "default", "source_job": "set for this job",
    "on": "on", "off": "off", "disabled": "disabled", "available": "available",
    "not_installed": "not installed",
    "offline_mode": "offline mode", "network_test_off": "network test off",
})

_DOCTOR: dict[str, str] = {
    "doctor.invalid": "invalid",
    "doctor.endpoint_value": "{url} ({source:word})",
    "doctor.endpoint_env_differs": "Your shell sets HF_ENDPOINT={env}: your own scripts use "
                                   "that, while this app uses {url}.",
    "doctor.offline_off": "off (online)",
    "doctor.offline_on_app": "on (the app's switch)",
    "doctor.offline_on_env": "on ({var}={value})",
    "doctor.offline_hint_app": "No download or Hub lookup will happen until you turn off the "
                               "app's Offline switch.",
    "doctor.offline_hint_env": "No download or Hub lookup will happen until you unset {var}.",
    "doctor.sudo_value": "running as root via sudo (user {user})",
    "doctor.sudo_hint": "sudo drops your shell's HF_HOME, HF_HUB_CACHE, HF_ENDPOINT and "
                        "HF_HUB_OFFLINE: the caches and endpoint shown here are root's, not "
                        "yours. Run without sudo, or with `sudo -E` to keep your environment.",
    "doctor.no_sudo": "not running under sudo",
    "doctor.proxy": "{scheme}: {url} ({source})",
    "doctor.no_proxy": "{scheme}: none",
    "doctor.proxy_bad": "A proxy address should start with http:// or https://: {url}",
    "doctor.folder_from": "{path} (from {source})",
    "doctor.folder_default": "{path} (default location)",
    "doctor.folder_not_writable": "This folder is not writable by you: downloads and cleanup "
                                  "will fail. Fix its permissions or choose another location.",
    "doctor.parent_not_writable": "{base} is not writable by you: downloads and cleanup will "
                                  "fail. Fix its permissions or choose another location.",
    "doctor.low_space": "Only {free:size} free on this volume.",
    "doctor.folder_missing": "Does not exist yet; it will be created on first download.",
    "doctor.legacy_var": "{var} is a legacy variable; prefer HF_HUB_CACHE or HF_HOME.",
    "doctor.token_from": "present (from {source})",
    "doctor.token_hint": "Sent only to the official Hub unless you allow it for mirrors.",
    "doctor.none": "none",
    "doctor.no_token_hint": "Public repos work without a token. For gated or private repos, "
                            "log in with `hf auth login`.",
    "doctor.libraries": "{found}",
    "doctor.no_hub": "huggingface_hub is not installed: pip install huggingface_hub",
    "doctor.no_hf_transfer": "HF_HUB_ENABLE_HF_TRANSFER is set but hf_transfer is not "
                             "installed.",
    "doctor.no_torch": "Load tests need torch and transformers in the Python they run with.",
    "doctor.transfer": "symlinks {symlinks:word}; xet {xet:word}",
    "doctor.symlinks_off": "HF_HUB_DISABLE_SYMLINKS is set: snapshots hold full copies, so "
                           "every revision of a file takes its full size again.",
    "doctor.no_endpoint": "no valid endpoint",
    "doctor.not_tested": "not tested ({why:word})",
    "doctor.reachable": "yes, {ms} ms",
    "doctor.unreachable": "no ({kind})",
}
TEMPLATES.update(_DOCTOR)

_ESTIMATE: dict[str, str] = {
    "estimate.too_small": "{name}: too small to be safetensors ({size} bytes)",
    "estimate.header_too_big": "{name}: header of {n} bytes exceeds the 100 MiB limit",
    "estimate.header_past_end": "{name}: header length {n} runs past the end of the file",
    "estimate.cannot_read": "{name}: cannot read ({error})",
    "estimate.bad_json": "{name}: {error}",
    "estimate.header_not_object": "{name}: header is not a JSON object",
    "estimate.metadata_not_object": "{name}: __metadata__ is not an object",
    "estimate.entry_not_object": "{name}: entry {key} is not an object",
    "estimate.unknown_tensor_dtype": "{name}: tensor {key} has unknown dtype {dtype}",
    "estimate.bad_shape": "{name}: tensor {key} has a bad shape",
    "estimate.bad_offsets": "{name}: tensor {key} has offsets outside the file",
    "estimate.size_mismatch": "{name}: tensor {key} is {have} bytes, its dtype and shape say "
                              "{want}",
    "estimate.overlap": "{name}: tensors overlap in the data section",
    "estimate.unsafe_name": "index names an unsafe file: {name}",
    "estimate.no_weight_map": "{name}: no weight_map object",
    "estimate.shards_missing": "{name}: shards missing: {names}",
    "estimate.unknown_dtype": "unknown dtype {dtype}; use one of {dtypes}",
    "estimate.no_such_path": "no such file or folder: {path}",
    "estimate.no_weights": "no weights file found (.safetensors, .bin, .pt, .pth)",
}
TEMPLATES.update(_ESTIMATE)

_LOADTEST: dict[str, str] = {
    "device.cpu": "CPU ({arch}, {cores} cores)",
    "load.killed": "The worker was killed ({signal}), most likely by the system's "
                   "out-of-memory killer: the model needs more host memory than is free.",
    "load.crashed": "The worker crashed with {signal} ({signal}). The app is fine; the library "
                    "code in the child is not.",
    "load.crashed_segv": "The worker crashed with a segmentation fault ({signal}). The app is "
                         "fine; the library code in the child is not.",
    "load.crashed_abort": "The worker crashed with an abort ({signal}). The app is fine; the "
                          "library code in the child is not.",
    "load.crashed_bus": "The worker crashed with a bus error ({signal}). The app is fine; the "
                        "library code in the child is not.",
    "load.crashed_ill": "The worker crashed with an illegal instruction ({signal}). The app is "
                        "fine; the library code in the child is not.",
    "load.crashed_fpe": "The worker crashed with a floating-point exception ({signal}). The app "
                        "is fine; the library code in the child is not.",
    "load.exit": "The worker exited with status {status}: {last}",
    "load.exit_silent": "The worker exited with status {status}: no output",
    "load.cancelled": "Cancelled; the worker was stopped.",
    "load.no_torch": "torch is not installed in the Python chosen for the load ({python}). "
                     "Install it there (CPU-only build: {python} -m pip install torch "
                     "--index-url https://download.pytorch.org/whl/cpu), or pick a Python "
                     "that has it.",
    "load.no_torch_no_pip": "torch is not installed in the Python chosen for the load "
                            "({python}), and that Python has no pip either. Add pip first "
                            "({python} -m ensurepip --upgrade), then torch (CPU-only build: "
                            "{python} -m pip install torch --index-url "
                            "https://download.pytorch.org/whl/cpu), or pick a Python that "
                            "has torch.",
    "load.timeout": "No result within {seconds} s; the worker was stopped.",
    "load.bad_output": "The worker wrote {what} to its output, which is not its protocol; it "
                       "was stopped.",
    "load.quantize_needs_cuda": "{mode} quantization needs a CUDA GPU and bitsandbytes; "
                                "the chosen device is not a CUDA GPU. Nothing was loaded.",
    "load.quantize_not_transformers": "{mode} quantization applies to transformers models "
                                      "only; this one loads as {strategy}. Nothing was "
                                      "loaded: load it without quantization.",
    "load.flash_needs_cuda": "flash_attention_2 needs a CUDA GPU and the flash_attn package; "
                             "the chosen device is not a CUDA GPU. Use sdpa or eager.",
}
TEMPLATES.update(_LOADTEST)

_CLEANUP: dict[str, str] = {
    "cleanup.repo_model": "model, {n} revision(s)",
    "cleanup.repo_dataset": "dataset, {n} revision(s)",
    "cleanup.repo_space": "space, {n} revision(s)",
    "cleanup.detached": "detached",
    "cleanup.orphan_label": "shared payload {xet}",
    "cleanup.orphan_detail": "no repo links to it ({root})",
    "cleanup.pickle_twin": "pickle twin of safetensors weights @{commit}",
    "cleanup.partial_label": "{repo}: partial download",
    "cleanup.torch_checkpoint": "torch hub checkpoint",
    "cleanup.torch_code": "torch hub code",
}
TEMPLATES.update(_CLEANUP)

_VERIFY: dict[str, str] = {
    "verify.cannot_list_cache": "cannot list the cache: {error}",
    "verify.cannot_list_blobs": "cannot list blobs/: {error}",
    "verify.cannot_list_snapshots": "cannot list snapshots/: {error}",
    "verify.cannot_list": "cannot list: {error}",
    "verify.snapshot_not_folder": "a snapshot that is not a folder",
    "verify.partial": "a download in progress or left over: not a blob yet",
    "verify.cannot_read": "cannot read: {error}",
    "verify.not_regular": "not a regular file",
    "verify.lock_file": "a lock file an older huggingface_hub left among the blobs",
    "verify.bad_blob_name": "a blob name that is not a hash",
    "verify.cannot_read_link": "cannot read the link: {error}",
    "verify.link_not_to_store": "a link that does not lead into the shared blob store (it "
                                "leads to {target})",
    "verify.payload_missing": "links to the shared store payload {xet}…, which is missing",
    "verify.payload_not_file": "the shared store payload {xet}… is not a regular file",
    "verify.copy_no_hash": "a copy with no hash in trees/{commit}.json",
    "verify.copy_no_tree": "a copy and no trees/<commit>.json",
    "verify.blob_missing": "links to blobs/{name}, which is missing",
    "verify.link_not_to_blobs": "a link that does not lead into blobs/ (it leads to {target})",
    "verify.torch_not_file": "a link or not a regular file",
    "verify.torch_no_hash": "no hash in the file name",
    "verify.mismatch": "expected {algo} {expected}, got {actual}",
    "verify.read_error": "read error: {error}",
}
TEMPLATES.update(_VERIFY)

WORDS.update({"data": "data", "settings": "settings"})

_NOTICES: dict[str, str] = {
    "notice.app_dir_unusable": "hfmanager's {what:word} folder {path} cannot be used: "
                               "{probe}: {error}. Fix its permissions, or set {variable} to "
                               "another folder.",
    "notice.app_dir_is_file": "hfmanager's {what:word} folder {path} is a file, not a folder. "
                              "Move or delete that file, or set {variable} to a folder.",
    "notice.app_dir_blocked": "hfmanager's {what:word} folder {path} cannot be created: "
                              "{probe} is a file, not a folder. Move or delete that file, or "
                              "set {variable} to a folder.",
    "notice.memory_only": "Until then, changes are not saved and the download queue and "
                          "history live in memory only.",
    "notice.store_failed": "{error} This session keeps its download queue and history in "
                           "memory only.",
    "notice.store_rebuilt": "The app's database {path} could not be used ({reason}). It was "
                            "moved aside to {aside} and a new one was started: the download "
                            "history, verify cache and load-test history start empty.",
    "notice.queue_none": "No interrupted download was found in {root} to put back in the "
                         "queue; downloads that were only queued are lost with the database: "
                         "add them again.",
    "notice.queue_recovered": "{n} interrupted download(s) found in the cache were put back "
                              "in the Downloads queue, paused: {names}{more:more}. Only the "
                              "files that were in progress could be recovered (their other "
                              "files, filters and queued jobs were lost with the database): "
                              "resume them, or add the downloads again.",
    "notice.queue_failed": "The download queue could not be recovered from the cache {root} "
                           "({error}): add the downloads again.",
    "notice.settings_not_saved": "The settings could not be saved ({error}); changes last "
                                 "until the app closes.",
}
TEMPLATES.update(_NOTICES)

_SETTINGS: dict[str, str] = {
    "settings.unreadable": "The settings file {path} cannot be read ({why}); the defaults are "
                           "used. Replace it with a regular file or remove it.",
    "settings.not_object": "it is not a JSON object",
    "settings.kept_aside": "The settings file {path} is not usable ({why}); it was kept as "
                           "{bad} and the defaults are used.",
    "settings.left_in_place": "The settings file {path} is not usable ({why}); it was left in "
                              "place and the defaults are used.",
    "settings.field_default": "Setting '{name}' in {path} {problem}; the default is used.",
    "settings.field_kept": "Setting '{name}' in {path} {problem}; the other entries are kept.",
    "settings.not_text": "is {kind}, not text",
    "settings.too_long": "is longer than {n} characters",
    "settings.control_chars": "contains control characters (a NUL byte or an escape)",
    "settings.not_choice": "is {value}, not one of {choices}",
    "settings.not_list": "is {kind}, not a list of text",
    "settings.too_many": "has more than {n} entries",
    "settings.bad_entries": "has {n} unusable entr(ies) (one {bad}), dropped",
    "settings.not_flag": "is {value}, not true or false",
    "settings.not_whole": "is {value}, not a whole number",
    "settings.out_of_range": "is {value}, outside {low}..{high}",
    "settings.kind_number": "a number",
    "settings.kind_text": "text",
    "settings.kind_list": "a list",
    "settings.kind_object": "an object",
}
TEMPLATES.update(_SETTINGS)

WORDS.update({
    "offline_config": "the config", "offline_weights": "the weights",
    "offline_tokenizer": "the tokenizer", "offline_shard": "a shard the index names",
    "offline_module": "a sentence-transformers module",
    "offline_component": "a diffusers component",
})

_OFFLINE: dict[str, str] = {
    "offline.ready": "Ready offline: {repo} at {revision} (commit {commit}) loads with "
                     "HF_HUB_OFFLINE=1",
    "offline.not_ready": "Not ready offline: {repo} at {revision} would fail with "
                         "HF_HUB_OFFLINE=1 ({n} problem(s))",
    "offline.not_cached": "{repo} is not in the cache {cache}: download it first",
    "offline.ref_missing": "No ref '{ref}' in the cache: offline, loaders cannot tell which "
                           "snapshot '{ref}' means. Download the repo again, or pass the "
                           "commit as revision",
    "offline.ref_bad": "Ref '{ref}' has a newline or spaces around its commit hash: loaders "
                       "cannot resolve it offline. Downloading the repo again repairs it",
    "offline.ref_unreadable": "Ref '{ref}' cannot be read: {error}",
    "offline.snapshot_missing": "Ref '{ref}' points to commit {commit}, whose snapshot is not "
                                "in the cache",
    "offline.broken": "'{file}' ({need:word}) is a broken link: its blob is missing",
    "offline.not_downloaded": "'{file}' ({need:word}) was never downloaded: the commit's file "
                              "list names it (a partial download)",
    "offline.hub_has_none": "'{file}' ({need:word}) is needed, and the Hub said this commit "
                            "has no such file (.no_exist)",
    "offline.not_in_repo": "'{file}' ({need:word}) is needed, and the commit's file list does "
                           "not name it",
    "offline.absent": "'{file}' ({need:word}) is not in the snapshot",
    "offline.unreadable": "'{file}' cannot be read: {error}",
    "offline.index_no_map": "Shard index '{file}' has no weight_map",
    "offline.unsafe_name": "Shard index '{index}' names an unsafe path '{file}'",
    "offline.no_weights": "No weights in '{folder}': none of {names} is in the snapshot",
    "offline.no_tokenizer": "No tokenizer files in '{folder}': a tokenizer needs "
                            "tokenizer.json or its vocabulary ({names}...)",
    "offline.component_missing": "Component '{component}' named by model_index.json is not "
                                 "in the snapshot",
}
TEMPLATES.update(_OFFLINE)

TEMPLATES.update({
    "doctor.sudo_lost_value": "running as root via sudo (user {user}): this run's Hugging Face "
                              "folder is {home}, not {user}'s {theirs}",
    "doctor.sudo_lost_hint": "sudo dropped {user}'s HF_* variables and ~ is root's: loaders "
                             "run like this do not see the models in {theirs} (and go online, "
                             "or fail offline). Run `sudo -E ...`, or `sudo env "
                             "HF_HUB_OFFLINE=1 HF_HOME={theirs} ...`, or keep them for good "
                             "with the sudoers line: Defaults env_keep += \"HF_HUB_OFFLINE "
                             "HF_HOME HF_HUB_CACHE\"",
})

_DOWNLOAD_INPUT: dict[str, str] = {
    "download.unknown_repo_type": "unknown repo type {type} (use model, dataset or space)",
    "download.invalid_repo_id": "invalid repo id: {repo}",
    "download.no_repo_in_url": "no repository in this URL: {url}",
    "download.not_repo_url": "not a Hub repository URL: {url}",
    "download.url_no_file": "this URL names no file hfmanager can save: {url}",
    "download.not_http": "not an http(s) URL: {url}",
}
TEMPLATES.update(_DOWNLOAD_INPUT)
