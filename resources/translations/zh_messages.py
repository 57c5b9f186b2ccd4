"""Chinese templates of the core's messages (hfmanager/core/messages_en.py), keyed by code.

fill_zh.py adds each English template to the .ts file under context ``Messages`` (where
hfmanager/ui/messages.py looks them up) with the translation below. Placeholders stay as
they are: ``{size:size}``, ``{written:ago}`` (a time, shown as how long ago: 3 天前), ``{more:more}``
(" 等另外 N 个"), ``{what:word}``.
"""

from __future__ import annotations

ZH_MESSAGES: dict[str, str] = {
    "problem.shard_index_unreadable": "分片索引“{file}”无法读取：{error}",
    "problem.shard_index_no_map": "分片索引“{file}”不是含 weight_map 的有效 JSON",
    "problem.missing_shard": "“{file}”列出的 {total} 个分片中有 {missing} 个不在此版本中："
                             "{names}{more:more}",
    "problem.no_config": "此版本中没有 config.json：transformers 无法直接加载它"
                         "（下载不完整，或不是 transformers 模型）",
    "problem.custom_code": "包含 Python 代码（{names}{more:more}）：加载它需要 "
                           "trust_remote_code=True，这会在你的机器上运行这些代码",
    "problem.pickle_only": "权重只有 pickle 格式（{names}{more:more}），没有 safetensors："
                           "加载它们可能运行任意代码",
    "problem.folder_unreadable": "无法读取文件夹 {folder}：{error}",
    "problem.bad_repo_folder": "{name} 不是缓存仓库文件夹名（应为 models--组织--名称、"
                               "datasets--... 或 spaces--...）",
    "problem.scan_stopped": "此仓库的扫描提前停止：{error}",
    "problem.dangling_ref": "引用 {refs} 指向提交 {commit}，但缓存中没有它的快照",
    "problem.layout_not_folder": "“{name}”应为文件夹，但它是{what:word}；未跟随",
    "problem.stray_in_repo": "仓库文件夹中有意外的条目“{name}”",
    "problem.no_snapshots": "仓库文件夹中没有 snapshots 文件夹：没有缓存任何可用内容",
    "problem.blob_unreadable": "无法读取 blob：{error}",
    "problem.ref_not_file": "引用“{ref}”不是普通文件",
    "problem.snapshot_not_folder": "snapshots/ 中的“{name}”应为文件夹，但它是{what:word}",
    "problem.snapshot_not_commit": "快照文件夹“{name}”不是提交哈希",
    "problem.name_not_utf8": "文件名“{name}”不是有效的 UTF-8",
    "problem.config_unreadable": "版本 {commit} 的 config.json 无法读取：{error}",
    "problem.bad_blob_name": "blob 名称“{name}”不是 40 或 64 位十六进制哈希：它不是由 "
                             "huggingface_hub 写入的",
    "problem.store_payload_missing": "blob“{name}”链接到共享 blob 存储，但数据 {xet}… "
                                     "已丢失：请重新下载使用它的文件",
    "problem.blob_not_file": "blob“{name}”不是普通文件",
    "problem.link_outside": "“{rel}”链接到缓存之外（{detail}）；未跟随",
    "problem.link_loop": "“{rel}”是循环符号链接（{detail}）",
    "problem.broken_link": "“{rel}”是损坏的链接：其目标 {detail} 不存在",
    "problem.cannot_read": "无法读取“{rel}”：{detail}",
    "problem.bad_ref": "引用“{ref}”的提交哈希前后有换行或空格：huggingface_hub 和 "
                       "transformers 离线时无法解析它。重新下载该仓库即可修复",
    "problem.odd_ref": "引用“{ref}”指向“{target}”，而不是提交哈希",
    "problem.ref_no_commit": "引用“{ref}”不包含提交哈希",
    "problem.partial_snapshot": "部分快照：此提交的 {total} 个文件中已缓存 {cached} 个；"
                                "其余从未下载（使用 --include 的下载）",
    "problem.not_regular": "“{rel}”不是普通文件",
    "problem.blob_missing": "“{rel}”指向的 blob {etag} 不存在：请重新下载此文件",
    "problem.link_to_folder": "“{rel}”链接到一个文件夹；未跟随",
    "problem.incomplete": "遗留的未完成下载：{size:size}，最后写入于 {written:ago}。"
                          "继续下载，或删除它以释放空间",
    "problem.unreadable": "无法读取：{error}",
    "problem.checkpoint_link": "检查点“{name}”是链接；未跟随",
    "problem.torch_incomplete": "遗留的未完成 torch.hub 下载：{size:size}，最后写入于 {written:ago}",
    "problem.torch_bad_checkout": "“{name}”看起来不像 torch.hub 代码检出（owner_repo_ref）",
    "problem.torch_root_unreadable": "无法读取 torch hub 文件夹：{error}",
    "problem.checkpoints_unreadable": "无法读取 checkpoints：{error}",
    "problem.link_not_followed": "“{name}”是链接；未跟随",
    "problem.cache_unreadable": "无法读取缓存文件夹 {folder}：{error}",
    "problem.link_in_cache": "缓存中的“{name}”是链接；从不跟随链接，因此未扫描它",
    "problem.stray_folder_in_cache": "缓存文件夹中有意外的文件夹“{name}”",
    "problem.stray_file_in_cache": "缓存文件夹中有意外的文件“{name}”",
    "problem.stray_in_store": "共享 blob 存储中有意外的条目“{name}”",
    "problem.corrupt": "{what}：内容与其 {algo} {expected} 不符（实际为 {actual}）",
    "problem.corrupt_shared": "{what}：内容与其 {algo} {expected} 不符（实际为 {actual}）；"
                              "它是共享存储文件 {payload}…，所有使用它的仓库都受损",
}

ZH_WORDS: dict[str, str] = {
    "a_link": "链接",
    "a_file": "文件",
    "a_link_not_followed": "链接（未跟随）",
    " and {n} more": " 等另外 {n} 个",
}

ZH_MESSAGES.update({
    "doctor.invalid": "无效",
    "doctor.endpoint_value": "{url}（{source:word}）",
    "doctor.endpoint_env_differs": "你的 shell 设置了 HF_ENDPOINT={env}：你自己的脚本使用它，"
                                   "而本应用使用 {url}。",
    "doctor.offline_off": "关闭（在线）",
    "doctor.offline_on_app": "开启（应用内开关）",
    "doctor.offline_on_env": "开启（{var}={value}）",
    "doctor.offline_hint_app": "在你关闭应用的“离线”开关之前，不会进行任何下载或 Hub 查询。",
    "doctor.offline_hint_env": "在你取消设置 {var} 之前，不会进行任何下载或 Hub 查询。",
    "doctor.sudo_value": "通过 sudo 以 root 身份运行（用户 {user}）",
    "doctor.sudo_hint": "sudo 会丢弃 shell 中的 HF_HOME、HF_HUB_CACHE、HF_ENDPOINT 和 "
                        "HF_HUB_OFFLINE：这里显示的缓存和端点属于 root，而不是你。请不用 sudo "
                        "运行，或用 `sudo -E` 保留你的环境。",
    "doctor.no_sudo": "未在 sudo 下运行",
    "doctor.proxy": "{scheme}：{url}（{source}）",
    "doctor.no_proxy": "{scheme}：无",
    "doctor.proxy_bad": "代理地址应以 http:// 或 https:// 开头：{url}",
    "doctor.folder_from": "{path}（来自 {source}）",
    "doctor.folder_default": "{path}（默认位置）",
    "doctor.folder_not_writable": "你没有此文件夹的写权限：下载和清理都会失败。"
                                  "请修正其权限或选择其他位置。",
    "doctor.parent_not_writable": "你没有 {base} 的写权限：下载和清理都会失败。"
                                  "请修正其权限或选择其他位置。",
    "doctor.low_space": "此卷上仅剩 {free:size} 可用空间。",
    "doctor.folder_missing": "尚不存在；首次下载时会创建。",
    "doctor.legacy_var": "{var} 是旧版变量；建议改用 HF_HUB_CACHE 或 HF_HOME。",
    "doctor.token_from": "已存在（来自 {source}）",
    "doctor.token_hint": "只发送给官方 Hub，除非你允许也发送给镜像。",
    "doctor.none": "无",
    "doctor.no_token_hint": "公开仓库无需令牌。对于受限或私有仓库，请用 `hf auth login` 登录。",
    "doctor.libraries": "{found}",
    "doctor.no_hub": "未安装 huggingface_hub：pip install huggingface_hub",
    "doctor.no_hf_transfer": "设置了 HF_HUB_ENABLE_HF_TRANSFER，但未安装 hf_transfer。",
    "doctor.no_torch": "试加载需要在所用的 Python 中安装 torch 和 transformers。",
    "doctor.transfer": "符号链接{symlinks:word}；xet {xet:word}",
    "doctor.symlinks_off": "设置了 HF_HUB_DISABLE_SYMLINKS：快照中保存完整副本，"
                           "因此文件的每个版本都会再占用一次完整大小。",
    "doctor.no_endpoint": "没有有效的端点",
    "doctor.not_tested": "未测试（{why:word}）",
    "doctor.reachable": "是，{ms} 毫秒",
    "doctor.unreachable": "否（{kind}）",
})

ZH_WORDS.update({
    "source_settings": "在应用中选择", "source_environment": "来自 HF_ENDPOINT",
    "source_default": "默认", "source_job": "为此任务设置",
    "on": "开启", "off": "关闭", "disabled": "已禁用", "available": "可用",
    "not_installed": "未安装",
    "offline_mode": "离线模式", "network_test_off": "网络测试已关闭",
})

ZH_MESSAGES.update({
    "estimate.too_small": "{name}：太小，不是 safetensors 文件（{size} 字节）",
    "estimate.header_too_big": "{name}：文件头有 {n} 字节，超过 100 MiB 的上限",
    "estimate.header_past_end": "{name}：文件头长度 {n} 超出了文件末尾",
    "estimate.cannot_read": "{name}：无法读取（{error}）",
    "estimate.bad_json": "{name}：{error}",
    "estimate.header_not_object": "{name}：文件头不是 JSON 对象",
    "estimate.metadata_not_object": "{name}：__metadata__ 不是对象",
    "estimate.entry_not_object": "{name}：条目 {key} 不是对象",
    "estimate.unknown_tensor_dtype": "{name}：张量 {key} 的数据类型 {dtype} 未知",
    "estimate.bad_shape": "{name}：张量 {key} 的形状无效",
    "estimate.bad_offsets": "{name}：张量 {key} 的偏移量超出文件范围",
    "estimate.size_mismatch": "{name}：张量 {key} 有 {have} 字节，但按其数据类型和形状应为 "
                              "{want} 字节",
    "estimate.overlap": "{name}：数据区中的张量相互重叠",
    "estimate.unsafe_name": "索引中有不安全的文件名：{name}",
    "estimate.no_weight_map": "{name}：没有 weight_map 对象",
    "estimate.shards_missing": "{name}：缺少分片：{names}",
    "estimate.unknown_dtype": "未知的数据类型 {dtype}；可用：{dtypes}",
    "estimate.no_such_path": "没有这个文件或文件夹：{path}",
    "estimate.no_weights": "未找到权重文件（.safetensors、.bin、.pt、.pth）",
    "device.cpu": "CPU（{arch}，{cores} 核）",
    "load.killed": "工作进程被终止（{signal}），很可能是系统的内存不足保护（OOM killer）所致："
                   "模型需要的主机内存超过了可用内存。",
    "load.crashed": "工作进程因 {signal}（{signal}）崩溃。本应用没有问题；出问题的是子进程中的库代码。",
    "load.crashed_segv": "工作进程因段错误（{signal}）崩溃。本应用没有问题；出问题的是子进程中的库代码。",
    "load.crashed_abort": "工作进程因中止（{signal}）崩溃。本应用没有问题；出问题的是子进程中的库代码。",
    "load.crashed_bus": "工作进程因总线错误（{signal}）崩溃。本应用没有问题；出问题的是子进程中的库代码。",
    "load.crashed_ill": "工作进程因非法指令（{signal}）崩溃。本应用没有问题；出问题的是子进程中的库代码。",
    "load.crashed_fpe": "工作进程因浮点异常（{signal}）崩溃。本应用没有问题；出问题的是子进程中的库代码。",
    "load.exit": "工作进程以状态 {status} 退出：{last}",
    "load.no_torch": "为测试加载选择的 Python（{python}）中没有安装 torch。请在其中安装"
                     "（仅 CPU 版本：{python} -m pip install torch --index-url "
                     "https://download.pytorch.org/whl/cpu），或选择一个已安装 torch 的 Python。",
    "load.no_torch_no_pip": "为测试加载选择的 Python（{python}）中没有安装 torch，也没有 pip。"
                            "请先安装 pip（{python} -m ensurepip --upgrade），再安装 torch"
                            "（仅 CPU 版本：{python} -m pip install torch --index-url "
                            "https://download.pytorch.org/whl/cpu），或选择一个已安装 torch 的 "
                            "Python。",
    "load.exit_silent": "工作进程以状态 {status} 退出：没有输出",
    "load.cancelled": "已取消；工作进程已停止。",
    "load.timeout": "{seconds} 秒内没有结果；工作进程已停止。",
    "load.bad_output": "工作进程向输出写入了 {what}，这不符合其协议；已将其停止。",
    "load.quantize_needs_cuda": "{mode} 量化需要 CUDA GPU 和 bitsandbytes；所选设备不是 CUDA GPU。未加载任何内容。",
    "load.quantize_not_transformers": "{mode} 量化只适用于 transformers 模型；此模型以 {strategy} 方式加载。未加载任何内容：请不带量化加载。",
    "load.flash_needs_cuda": "flash_attention_2 需要 CUDA GPU 和 flash_attn 包；所选设备不是 CUDA GPU。请使用 sdpa 或 eager。",
})

ZH_MESSAGES.update({
    "cleanup.repo_model": "模型，{n} 个版本",
    "cleanup.repo_dataset": "数据集，{n} 个版本",
    "cleanup.repo_space": "空间，{n} 个版本",
    "cleanup.detached": "游离",
    "cleanup.orphan_label": "共享数据 {xet}",
    "cleanup.orphan_detail": "没有仓库链接到它（{root}）",
    "cleanup.pickle_twin": "与 safetensors 权重重复的 pickle 文件 @{commit}",
    "cleanup.partial_label": "{repo}：未完成的下载",
    "cleanup.torch_checkpoint": "torch hub 检查点",
    "cleanup.torch_code": "torch hub 代码",
})

ZH_MESSAGES.update({
    "verify.cannot_list_cache": "无法列出缓存：{error}",
    "verify.cannot_list_blobs": "无法列出 blobs/：{error}",
    "verify.cannot_list_snapshots": "无法列出 snapshots/：{error}",
    "verify.cannot_list": "无法列出：{error}",
    "verify.snapshot_not_folder": "不是文件夹的快照",
    "verify.partial": "正在下载或遗留的下载：还不是 blob",
    "verify.cannot_read": "无法读取：{error}",
    "verify.not_regular": "不是普通文件",
    "verify.lock_file": "旧版 huggingface_hub 留在 blobs 中的锁文件",
    "verify.bad_blob_name": "blob 名称不是哈希",
    "verify.cannot_read_link": "无法读取链接：{error}",
    "verify.link_not_to_store": "不指向共享 blob 存储的链接（指向 {target}）",
    "verify.payload_missing": "链接到共享存储数据 {xet}…，但它已丢失",
    "verify.payload_not_file": "共享存储数据 {xet}… 不是普通文件",
    "verify.copy_no_hash": "副本，且 trees/{commit}.json 中没有它的哈希",
    "verify.copy_no_tree": "副本，且没有 trees/<commit>.json",
    "verify.blob_missing": "链接到 blobs/{name}，但它已丢失",
    "verify.link_not_to_blobs": "不指向 blobs/ 的链接（指向 {target}）",
    "verify.torch_not_file": "链接或不是普通文件",
    "verify.torch_no_hash": "文件名中没有哈希",
    "verify.mismatch": "期望 {algo} {expected}，实际为 {actual}",
    "verify.read_error": "读取错误：{error}",
})

ZH_MESSAGES.update({
    "notice.app_dir_unusable": "hfmanager 的{what:word}文件夹 {path} 无法使用：{probe}：{error}。"
                               "请修正其权限，或将 {variable} 设为其他文件夹。",
    "notice.app_dir_is_file": "hfmanager 的{what:word}文件夹 {path} 是一个文件，而不是文件夹。"
                              "请移走或删除该文件，或将 {variable} 设为一个文件夹。",
    "notice.app_dir_blocked": "无法创建 hfmanager 的{what:word}文件夹 {path}：{probe} 是一个文件，"
                              "而不是文件夹。请移走或删除该文件，或将 {variable} 设为一个文件夹。",
    "notice.memory_only": "在此之前，更改不会保存，下载队列和历史只保存在内存中。",
    "notice.store_failed": "{error} 本次会话的下载队列和历史只保存在内存中。",
    "notice.store_rebuilt": "应用的数据库 {path} 无法使用（{reason}）。已将其移到 {aside}，"
                            "并新建了一个：下载历史、校验缓存和试加载历史都从空开始。",
    "notice.queue_none": "在 {root} 中没有找到可放回队列的中断下载；仅在排队中的下载随数据库"
                         "一起丢失了：请重新添加。",
    "notice.queue_recovered": "在缓存中找到 {n} 个中断的下载，已放回“下载”队列并暂停："
                              "{names}{more:more}。只能恢复当时正在下载的文件（其他文件、"
                              "筛选条件和排队任务已随数据库丢失）：请继续下载，或重新添加。",
    "notice.queue_failed": "无法从缓存 {root} 恢复下载队列（{error}）：请重新添加下载。",
    "notice.settings_not_saved": "设置无法保存（{error}）；更改只在应用关闭前有效。",
})

ZH_WORDS.update({"data": "数据", "settings": "设置"})

# hfmanager/core/errors.py: MESSAGES by Reason value, STOPS by Stop value. {what} is the
# subject the window says ("模型“org/name”（版本 main）" or a file name).
_LOGIN = "请在 Hub 页面上申请访问，然后用 `hf auth login` 登录（或设置 HF_TOKEN）"
ZH_ERRORS: dict[str, str] = {
    "repo_not_found": "在 {endpoint} 上找不到{what}。请检查名称和仓库类型；如果它是私有或受限"
                      "仓库，" + _LOGIN + "。",
    "revision_not_found": "{what}：{endpoint} 上不存在这个版本。",
    "entry_not_found": "{what}：在 {endpoint} 上找不到（没有这个文件或文件夹）。",
    "gated": "{what}在 {endpoint} 上是受限或私有的：" + _LOGIN + "。",
    "access_denied": "{what}：{endpoint} 拒绝访问（HTTP {status}）。该仓库可能是受限或私有的："
                     + _LOGIN + "。只有在“设置”中允许后，镜像站才会收到你的令牌。",
    "offline": "离线模式已开启（HF_HUB_OFFLINE、TRANSFORMERS_OFFLINE 或应用内开关），因此没有向 "
               "Hub 发出任何请求。关闭离线模式后即可联网或下载。",
    "unreachable": "无法连接 {endpoint}：{detail}",
    "server_status": "{what}：{endpoint} 返回服务器错误 HTTP {status}。",
    "gave_up": "{what}：尝试 {attempts} 次后放弃：{detail}",
    "keeps_restarting": "{what}：服务器不断重新开始传输。",
    "stalled": "{what}：服务器停止发送数据（连续 {times} 次在 {window} 秒内低于 {min_rate} "
               "字节/秒）；已下载的部分会保留，继续下载（从这个或其他端点）时会接着下载。",
    "http_status": "{what}：{endpoint} 返回 HTTP {status}。",
    "malformed": "{endpoint} 上的服务器发送了 hfmanager 无法读取的{sent}：字段 {field}："
                 "{problem}。",
    "insecure_redirect": "{what}：{detail}",
    "refused_url": "{what}：拒绝请求 {url!r}{why}",
    "too_many_redirects": "{what}：重定向次数过多。",
    "untrusted_certificate": "{host} 的 TLS 证书不受信任（{detail}）。如果公司代理或自建镜像使用"
                             "自己的证书颁发机构，请将 SSL_CERT_FILE 指向该 CA 的证书包后重试。",
    "integrity": "{what}：服务器两次发送的字节都与 blob {etag} 不符；镜像可能已损坏，或提供的是"
                 "其他版本。",
    "volume_full": "{what}：缓存所在的卷已满。请释放一些空间后继续下载：未完成的部分会保留。",
    "not_enough_space": "{cache} 中的可用空间不足：需要 {need}，可用 {free}。请释放一些空间或"
                        "少选一些文件。",
    "size_announced": "{what}：服务器声称有 {announced} 字节，而文件列表中是 {size}，因此 "
                      "hfmanager 拒绝了它（该端点提供的可能是此文件的其他版本）。",
    "length_range": "{what}：服务器的 Content-Length（{length}）与其 Content-Range"
                    "（{first}-{last}）不符，因此 hfmanager 拒绝了该响应。",
    "encoded": "{what}：hfmanager 请求的是原始字节，服务器却发送了压缩后的文件（{encoding!r}），"
               "因此没有写入任何内容（有代理或镜像在改写下载）。",
    "unsafe_cache": "拒绝写入 {where}：{detail}（缓存是共享的或已损坏；请删除它，或选择其他缓存"
                    "文件夹）。",
    "ended_early": "{what}：连接在第 {offset} 字节处提前结束。",
    "range_overrun": "{what}：服务器发送的内容超出了请求的范围。",
    "range_answer": "{what}：对范围请求的意外响应（HTTP {status}）。",
    "stopped": "{stopped}",
    "cache_changed": "{what}：下载期间另一个进程修改了缓存（{detail}）。没有任何文件被报告为"
                     "已校验：请重新下载。",
    "other": "{what}：{detail}",
}
ZH_STOPS: dict[str, str] = {
    "pause": "下载已暂停",
    "cancel": "下载已取消",
    "shutdown": "下载因应用正在关闭而停止（下次启动时继续）",
}
ZH_WORDS.update({
    " and {n} more": " 等另外 {n} 个",
    "The {repo_type} '{repo_id}' at '{revision}'": "{repo_type}“{repo_id}”（版本 {revision}）",
    "the download": "该下载", "this endpoint": "此端点",
    "model": "模型", "dataset": "数据集", "space": "空间",
})

ZH_MESSAGES.update({
    "settings.unreadable": "无法读取设置文件 {path}（{why}）；使用默认设置。请把它换成普通文件，"
                           "或删除它。",
    "settings.not_object": "它不是 JSON 对象",
    "settings.kept_aside": "设置文件 {path} 无法使用（{why}）；已将其保留为 {bad}，并使用默认设置。",
    "settings.left_in_place": "设置文件 {path} 无法使用（{why}）；它保留在原处，并使用默认设置。",
    "settings.field_default": "{path} 中的设置“{name}”{problem}；使用默认值。",
    "settings.field_kept": "{path} 中的设置“{name}”{problem}；其余条目保留。",
    "settings.not_text": "是{kind}，不是文本",
    "settings.too_long": "超过 {n} 个字符",
    "settings.control_chars": "包含控制字符（NUL 字节或转义符）",
    "settings.not_choice": "是 {value}，不是 {choices} 之一",
    "settings.not_list": "是{kind}，不是文本列表",
    "settings.too_many": "有超过 {n} 个条目",
    "settings.bad_entries": "有 {n} 个不可用的条目（其中一个{bad}），已丢弃",
    "settings.not_flag": "是 {value}，不是 true 或 false",
    "settings.not_whole": "是 {value}，不是整数",
    "settings.out_of_range": "是 {value}，超出 {low}..{high}",
    "settings.kind_number": "数字",
    "settings.kind_text": "文本",
    "settings.kind_list": "列表",
    "settings.kind_object": "对象",
})

ZH_WORDS.update({
    "offline_config": "配置", "offline_weights": "权重", "offline_tokenizer": "分词器",
    "offline_shard": "索引列出的分片", "offline_module": "sentence-transformers 模块",
    "offline_component": "diffusers 组件",
})

ZH_MESSAGES.update({
    "offline.ready": "可离线使用：{repo} 在 {revision}（提交 {commit}）可在 HF_HUB_OFFLINE=1 "
                     "下加载",
    "offline.not_ready": "无法离线使用：{repo} 在 {revision} 于 HF_HUB_OFFLINE=1 下会加载失败"
                         "（{n} 个问题）",
    "offline.not_cached": "{repo} 不在缓存 {cache} 中：请先下载",
    "offline.ref_missing": "缓存中没有引用“{ref}”：离线时加载器无法知道“{ref}”指哪个快照。"
                           "请重新下载此仓库，或把提交哈希作为 revision 传入",
    "offline.ref_bad": "引用“{ref}”的提交哈希前后有换行或空格：加载器离线时无法解析它。"
                       "重新下载此仓库即可修复",
    "offline.ref_unreadable": "无法读取引用“{ref}”：{error}",
    "offline.snapshot_missing": "引用“{ref}”指向提交 {commit}，但缓存中没有它的快照",
    "offline.broken": "“{file}”（{need:word}）是损坏的链接：它的 blob 已丢失",
    "offline.not_downloaded": "“{file}”（{need:word}）从未下载：此提交的文件列表中有它"
                              "（部分下载）",
    "offline.hub_has_none": "需要“{file}”（{need:word}），但 Hub 表示此提交没有这个文件"
                            "（.no_exist）",
    "offline.not_in_repo": "需要“{file}”（{need:word}），但此提交的文件列表中没有它",
    "offline.absent": "快照中没有“{file}”（{need:word}）",
    "offline.unreadable": "无法读取“{file}”：{error}",
    "offline.index_no_map": "分片索引“{file}”没有 weight_map",
    "offline.unsafe_name": "分片索引“{index}”列出了不安全的路径“{file}”",
    "offline.no_weights": "“{folder}”中没有权重：快照中没有 {names} 中的任何一个",
    "offline.no_tokenizer": "“{folder}”中没有分词器文件：分词器需要 tokenizer.json 或其词表"
                            "（{names} 等）",
    "offline.component_missing": "model_index.json 列出的组件“{component}”不在快照中",
})

ZH_MESSAGES.update({
    "doctor.sudo_lost_value": "通过 sudo 以 root 身份运行（用户 {user}）：本次运行的 Hugging Face "
                              "文件夹是 {home}，而不是 {user} 的 {theirs}",
    "doctor.sudo_lost_hint": "sudo 丢弃了 {user} 的 HF_* 变量，且 ~ 指向 root 的主目录："
                             "这样运行的加载器看不到 {theirs} 中的模型（会联网，或在离线时失败）。"
                             "请运行 `sudo -E <命令>`，或 `sudo env HF_HUB_OFFLINE=1 "
                             "HF_HOME={theirs} <命令>`，或在 sudoers 中永久保留它们："
                             "Defaults env_keep += \"HF_HUB_OFFLINE HF_HOME HF_HUB_CACHE\"",
})

ZH_MESSAGES.update({
    "download.unknown_repo_type": "未知的仓库类型 {type}（可用 model、dataset 或 space）",
    "download.invalid_repo_id": "无效的仓库 ID：{repo}",
    "download.no_repo_in_url": "这个网址中没有仓库：{url}",
    "download.not_repo_url": "不是 Hub 仓库网址：{url}",
    "download.url_no_file": "这个网址没有指向 hfmanager 可以保存的文件：{url}",
    "download.not_http": "不是 http(s) 网址：{url}",
})
