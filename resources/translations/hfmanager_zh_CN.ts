<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AddDownloadDialog</name>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="64" />
        <source>Add download</source>
        <translation>添加下载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="97" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="97" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="98" />
        <source>Space</source>
        <translation>空间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="103" />
        <source>e.g. *.safetensors *.json (empty: all)</source>
        <translation>例如 *.safetensors *.json（留空：全部）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="105" />
        <source>e.g. *.onnx original/*</source>
        <translation>例如 *.onnx original/*</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="107" />
        <source>All files</source>
        <translation>全部文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="108" />
        <source>Safetensors only (skip .bin twins)</source>
        <translation>仅 safetensors（跳过对应的 .bin）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="111" />
        <source>default: {endpoint}</source>
        <translation>默认：{endpoint}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="118" />
        <source>Repository:</source>
        <translation>仓库：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="119" />
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="120" />
        <source>Revision:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="121" />
        <source>Include:</source>
        <translation>包含：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="122" />
        <source>Exclude:</source>
        <translation>排除：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="123" />
        <source>Files:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="69" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="71" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="71" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="74" />
        <source>Press Preview to list the files and the total size.</source>
        <translation>点击“预览”列出文件及总大小。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="78" />
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="95" />
        <source>org/name, a Hub URL or a file's URL (drop one here)</source>
        <translation>组织/名称、Hub 网址或文件网址（可拖放到这里）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="113" />
        <source>Endpoints in order, separated by commas: a file (or the file list) that one misses is fetched from the next. Every file is checked against the Hub's hash.</source>
        <translation>按顺序排列的端点，用逗号分隔：某个端点缺少的文件（或文件列表）会从下一个端点获取。每个文件仍会按 Hub 的哈希校验。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="124" />
        <source>Endpoints:</source>
        <translation>端点：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="181" />
        <source>chosen in Environment</source>
        <translation>在“环境”中选择</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="182" />
        <source>HF_ENDPOINT</source>
        <translation>HF_ENDPOINT</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="183" />
        <source>the official Hub</source>
        <translation>官方 Hub</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="184" />
        <source>typed above</source>
        <translation>上方输入</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="184" />
        <source>the host of the URL</source>
        <translation>URL 的主机</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="185" />
        <source>Downloads from {host} ({why})</source>
        <translation>从 {host} 下载（{why}）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="188" />
        <source>, then from {hosts} for what it misses</source>
        <translation>，缺少的文件再从 {hosts} 获取</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="191" />
        <source>offline mode is on: nothing will be fetched</source>
        <translation>离线模式已开启：不会获取任何内容</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="204" />
        <source>Saves {name} from {host} to {folder}</source>
        <translation>从 {host} 下载 {name}，保存到 {folder}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="208" />
        <source>checked against the SHA-256 prefix {prefix} in its name</source>
        <translation>按文件名中的 SHA-256 前缀 {prefix} 校验</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="211" />
        <source>no hash in its name: saved unchecked</source>
        <translation>文件名中没有哈希：不校验直接保存</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="258" />
        <source>Asking the Hub for the file list...</source>
        <translation>正在向 Hub 获取文件列表…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/add_download.py" line="278" />
        <source>{n} files, {size} in total, commit {commit}</source>
        <translation>{n} 个文件，共 {size}，提交 {commit}</translation>
    </message>
</context>
<context>
    <name>CandidatesModel</name>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="51" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="51" />
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="51" />
        <source>Frees</source>
        <translation>释放</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="52" />
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="52" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="99" />
        <source>Frees {frees} on its own; {size} in all (the rest is shared with other revisions or repos)</source>
        <translation>单独删除可释放 {frees}；总共 {size}（其余部分与其他版本或仓库共享）</translation>
    </message>
<message><source>Whole repo</source><translation>整个仓库</translation></message><message><source>Revision</source><translation>版本</translation></message><message><source>File</source><translation>文件</translation></message><message><source>Partial download</source><translation>未完成的下载</translation></message><message><source>Torch hub</source><translation>Torch hub</translation></message><message><source>Orphaned shared file</source><translation>孤立的共享文件</translation></message></context>
<context>
    <name>CleanupController</name>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_jobs.py" line="130" />
        <source>Trash unavailable</source>
        <translation>回收站不可用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_jobs.py" line="131" />
        <source>The system trash refused {0} repo(s). Delete them permanently instead?</source>
        <translation>系统回收站拒绝了 {0} 个仓库。改为永久删除吗？</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_jobs.py" line="135" />
        <source>Delete permanently</source>
        <translation>永久删除</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_jobs.py" line="165" />
        <source>{0}/{1} files, {2} of {3}</source>
        <translation>{0}/{1} 个文件，{2} / {3}</translation>
    </message>
</context>
<context>
    <name>CleanupView</name>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="106" />
        <source>Find what to clean</source>
        <translation>查找可清理的内容</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="108" />
        <source>Not used for</source>
        <translation>未使用超过</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="109" />
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="110" />
        <source>Larger than</source>
        <translation>大于</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="112" />
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="113" />
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="114" />
        <source>Datasets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="115" />
        <source>Spaces</source>
        <translation>空间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="121" />
        <source>Detached revisions</source>
        <translation>游离版本</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="122" />
        <source>Partial downloads</source>
        <translation>未完成的下载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="123" />
        <source>Pickle twins of safetensors weights</source>
        <translation>与 safetensors 重复的 pickle 权重</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="125" />
        <source>Orphaned shared files</source>
        <translation>孤立的共享文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="126" />
        <source>Files of the shared blob store that no cached repo uses any more</source>
        <translation>共享 blob 存储中已没有任何缓存仓库使用的文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="128" />
        <source>Torch hub entries</source>
        <translation>Torch hub 条目</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="144" />
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="146" />
        <source>Select &amp;none</source>
        <translation>全不选(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="155" />
        <source>&amp;Delete…</source>
        <translation>删除(&amp;D)…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="193" />
        <source>Will free: calculating…</source>
        <translation>将释放：计算中…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="195" />
        <source>Will free: nothing selected</source>
        <translation>将释放：未选择任何内容</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="197" />
        <source>Will free {0} ({1} paths)</source>
        <translation>将释放 {0}（{1} 个路径）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="227" />
        <source>Freed {0}.</source>
        <translation>已释放 {0}。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="229" />
        <source>Moved {0} repo(s), {1}, to the trash.</source>
        <translation>已将 {0} 个仓库（{1}）移到回收站。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="232" />
        <source>{0} path(s) could not be removed.</source>
        <translation>{0} 个路径无法删除。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="246" />
        <source>Failed: {0}</source>
        <translation>失败：{0}</translation>
    </message>
<message><source>Cleanup</source><translation>清理</translation></message><message><source>Delete…</source><translation>删除…</translation></message><message><source>Delete revision {0}…</source><translation>删除版本 {0}…</translation></message><message><source>Verify files</source><translation>校验文件</translation></message></context>
<context>
    <name>CodeConsentDialog</name>
    <message>
        <location filename="../../hfmanager/ui/dialogs/code_consent.py" line="42" />
        <source>Allow this repo's code?</source>
        <translation>允许运行此仓库的代码吗？</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/code_consent.py" line="47" />
        <source>Loading {model} runs Python code from the repo itself. Read these files first; allowing applies to this commit only.</source>
        <translation>加载 {model} 会运行仓库自带的 Python 代码。请先阅读这些文件；授权仅对当前提交有效。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/code_consent.py" line="50" />
        <source>Python files in this snapshot ({n}):</source>
        <translation>此快照中的 Python 文件（{n} 个）：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/code_consent.py" line="56" />
        <source>(no .py files in this snapshot)</source>
        <translation>（此快照中没有 .py 文件）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/code_consent.py" line="70" />
        <source>Allow and load</source>
        <translation>允许并加载</translation>
    </message>
</context>
<context>
    <name>ConfirmDeleteDialog</name>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="34" />
        <source>Delete from the cache</source>
        <translation>从缓存中删除</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="37" />
        <source>{0} item(s) will be deleted, freeing {1}.</source>
        <translation>将删除 {0} 项，释放 {1}。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="46" />
        <source>What goes</source>
        <translation>将删除的内容</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="46" />
        <source>Frees</source>
        <translation>释放</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="57" />
        <source>Move whole repos to the trash instead of deleting (space comes back when the trash is emptied)</source>
        <translation>将整个仓库移到回收站而不是直接删除（清空回收站后才会释放空间）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="63" />
        <source>Kept: {0} ({1})</source>
        <translation>保留：{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/confirm_delete.py" line="70" />
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="64" />
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="69" />
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="109" />
        <location filename="../../hfmanager/ui/views/details_pane.py" line="138" />
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="110" />
        <location filename="../../hfmanager/ui/views/details_pane.py" line="139" />
        <source>Size on disk</source>
        <translation>磁盘占用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="111" />
        <source>{size} ({n} files)</source>
        <translation>{size}（{n} 个文件）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="113" />
        <source>Library</source>
        <translation>库</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="114" />
        <source>Pipeline</source>
        <translation>任务类型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="115" />
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="116" />
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="117" />
        <source>Model type</source>
        <translation>模型类型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="118" />
        <source>Architectures</source>
        <translation>架构</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="119" />
        <source>Dtype</source>
        <translation>数据类型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="120" />
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="121" />
        <source>Hidden size</source>
        <translation>隐藏层维度</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="122" />
        <source>Vocabulary</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="123" />
        <source>Context length</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="124" />
        <source>Quantization</source>
        <translation>量化</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="125" />
        <location filename="../../hfmanager/ui/views/details_pane.py" line="144" />
        <source>Last modified</source>
        <translation>上次修改</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="126" />
        <location filename="../../hfmanager/ui/views/details_pane.py" line="145" />
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="129" />
        <source>Snapshot</source>
        <translation>快照</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="140" />
        <source>SHA-256 prefix</source>
        <translation>SHA-256 前缀</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="141" />
        <source>Owner</source>
        <translation>所有者</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="142" />
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="143" />
        <source>Ref</source>
        <translation>引用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/details_pane.py" line="153" />
        <source>No problems found</source>
        <translation>未发现问题</translation>
    </message>
</context>
<context>
    <name>DoctorPanel</name>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="35" />
        <source>Environment check</source>
        <translation>环境检查</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="40" />
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="40" />
        <source>Result and advice</source>
        <translation>结果与建议</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="50" />
        <source>Run checks again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="52" />
        <source>Also tests whether the endpoint answers, unless offline mode is on.</source>
        <translation>同时测试端点是否响应（离线模式下除外）。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="54" />
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="64" />
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="69" />
        <source>Endpoint</source>
        <translation>端点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="69" />
        <source>Offline mode</source>
        <translation>离线模式</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="70" />
        <source>sudo</source>
        <translation>sudo</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="70" />
        <source>Proxies</source>
        <translation>代理</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="71" />
        <source>Hub cache</source>
        <translation>Hub 缓存</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="71" />
        <source>HF_HOME</source>
        <translation>HF_HOME</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="72" />
        <source>Torch hub cache</source>
        <translation>Torch hub 缓存</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="72" />
        <source>Hugging Face token</source>
        <translation>Hugging Face 令牌</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="73" />
        <source>Libraries</source>
        <translation>库版本</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="73" />
        <source>Cache layout</source>
        <translation>缓存结构</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="74" />
        <source>Endpoint reachable</source>
        <translation>端点可达</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="83" />
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/doctor_panel.py" line="95" />
        <source>Warnings: {0}, errors: {1}</source>
        <translation>警告：{0}，错误：{1}</translation>
    </message>
</context>
<context>
    <name>DownloadSources</name>
    <message>
        <location filename="../../hfmanager/ui/views/download_sources.py" line="29" />
        <source>not found there</source>
        <translation>该处没有此文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/download_sources.py" line="31" />
        <source>access denied there</source>
        <translation>该处拒绝访问</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/download_sources.py" line="33" />
        <source>server errors</source>
        <translation>服务器错误</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/download_sources.py" line="34" />
        <source>stalled</source>
        <translation>停滞</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/download_sources.py" line="35" />
        <source>wrong content (hash)</source>
        <translation>内容不符（哈希）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/download_sources.py" line="37" />
        <source>wrong size</source>
        <translation>大小不符</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/download_sources.py" line="39" />
        <source>sent to Xet storage</source>
        <translation>被重定向到 Xet 存储</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/download_sources.py" line="40" />
        <source>failed there</source>
        <translation>该处失败</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/download_sources.py" line="41" />
        <source>(file list)</source>
        <translation>（文件列表）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/download_sources.py" line="42" />
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/download_sources.py" line="44" />
        <source>File</source>
        <translation>文件</translation>
    </message>
</context>
<context>
    <name>DownloadsModel</name>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="30" />
        <source>Repository</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="31" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="32" />
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="33" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="34" />
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="35" />
        <source>ETA</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="36" />
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="45" />
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="84" />
        <source>stalled</source>
        <translation>停滞</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="47" />
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="49" />
        <source>downloading</source>
        <translation>下载中</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="51" />
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="53" />
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="55" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="56" />
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="64" />
        <source>{h} h {m} min</source>
        <translation>{h} 小时 {m} 分</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="67" />
        <source>{m} min {s} s</source>
        <translation>{m} 分 {s} 秒</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="70" />
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/downloads_model.py" line="71" />
        <source>&lt; 1 s</source>
        <translation>&lt; 1 秒</translation>
    </message>
</context>
<context>
    <name>DownloadsView</name>
    <message>
        <location filename="../../hfmanager/ui/views/download_sources.py" line="43" />
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="141" />
        <source>File in progress</source>
        <translation>正在下载的文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="141" />
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="142" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="142" />
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="142" />
        <source>Fallback</source>
        <translation>回退原因</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="93" />
        <source>Add a repository with the + button, or drop a Hub URL here.</source>
        <translation>用 + 按钮添加仓库，或将 Hub 网址拖放到这里。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="161" />
        <source>Add...</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="162" />
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="163" />
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="164" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="165" />
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="166" />
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="168" />
        <source>Pause all</source>
        <translation>全部暂停</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="169" />
        <source>Resume all</source>
        <translation>全部继续</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="170" />
        <source>Clear history</source>
        <translation>清除历史</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="171" />
        <source>Rank endpoints</source>
        <translation>端点测速排序</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="193" />
        <source>How many downloads run at the same time</source>
        <translation>同时进行的下载数</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="198" />
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="200" />
        <source>Bandwidth cap for all downloads together</source>
        <translation>所有下载合计的带宽上限</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="206" />
        <source>Connections per file: files of 64 MiB or more are fetched in this many parts at once, each on its own connection. Helps when each connection is slow (a distant or throttled server)</source>
        <translation>每个文件的连接数：64 MiB 及以上的文件同时分成这么多段下载，每段使用单独的连接。在单个连接很慢时（服务器较远或被限速）有帮助</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="212" />
        <source>Connections:</source>
        <translation>连接数：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="212" />
        <source>Jobs:</source>
        <translation>任务数：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="199" />
        <source> KiB/s</source>
        <translation> KiB/s</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="213" />
        <source>Limit:</source>
        <translation>限速：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="265" />
        <source>Download finished</source>
        <translation>下载完成</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="266" />
        <source>Download failed</source>
        <translation>下载失败</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="268" />
        <source>{repo}: {error}</source>
        <translation>{repo}：{error}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/downloads_view.py" line="366" />
        <source>Downloads</source>
        <translation>下载</translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="31" />
        <source>Your model caches are empty</source>
        <translation>你的模型缓存是空的</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="38" />
        <source>hfmanager shows what the Hugging Face libraries (transformers, diffusers, datasets, huggingface_hub) and torch.hub have downloaded to this computer. Nothing is there yet: download a model, or add a folder that holds a cache.</source>
        <translation>hfmanager 展示 Hugging Face 各库（transformers、diffusers、datasets、huggingface_hub）和 torch.hub 下载到这台电脑上的内容。目前还没有任何内容：请下载一个模型，或添加一个包含缓存的文件夹。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="47" />
        <source>&amp;Add a cache folder...</source>
        <translation>添加缓存文件夹(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="50" />
        <source>&amp;Scan again</source>
        <translation>重新扫描(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="71" />
        <source>{kind} cache, chosen by {source}</source>
        <translation>{kind} 缓存，由 {source} 决定</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="74" />
        <source>(does not exist)</source>
        <translation>（不存在）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/empty_state.py" line="76" />
        <source>Where we looked:</source>
        <translation>查找过的位置：</translation>
    </message>
</context>
<context>
    <name>EndpointRank</name>
    <message>
        <location filename="../../hfmanager/ui/views/endpoint_rank.py" line="25" />
        <source>{n}. {url}: {ms} ms</source>
        <translation>{n}. {url}：{ms} 毫秒</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/endpoint_rank.py" line="30" />
        <source>{n}. {url}: not reachable</source>
        <translation>{n}. {url}：无法连接</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/endpoint_rank.py" line="48" />
        <source>Endpoints, fastest first</source>
        <translation>端点（最快的在前）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/endpoint_rank.py" line="50" />
        <source>Use this order</source>
        <translation>使用这个顺序</translation>
    </message>
</context>
<context>
    <name>EnvironmentView</name>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="88" />
        <source>Hub endpoint</source>
        <translation>Hub 端点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="93" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="94" />
        <source>Forget this custom endpoint</source>
        <translation>删除这个自定义端点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="99" />
        <source>Download from:</source>
        <translation>下载来源：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="104" />
        <source>https://hub.example.org</source>
        <translation>https://hub.example.org</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="106" />
        <source>Add endpoint</source>
        <translation>添加端点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="113" />
        <source>Custom:</source>
        <translation>自定义：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="115" />
        <source>Send my Hugging Face token to mirrors too</source>
        <translation>也向镜像站发送我的 Hugging Face 令牌</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="117" />
        <source>By default the token saved by `hf auth login` goes only to the official Hub.</source>
        <translation>默认情况下，`hf auth login` 保存的令牌只发送给官方 Hub。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="122" />
        <source>Test endpoint</source>
        <translation>测试端点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="134" />
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="136" />
        <source>Offline mode: make no network request at all</source>
        <translation>离线模式：完全不发起网络请求</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="146" />
        <source>HTTP proxy:</source>
        <translation>HTTP 代理：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="147" />
        <source>HTTPS proxy:</source>
        <translation>HTTPS 代理：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="165" />
        <source>From the environment (HF_ENDPOINT): {0}</source>
        <translation>来自环境变量（HF_ENDPOINT）：{0}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="167" />
        <source>Default: the official Hub</source>
        <translation>默认：官方 Hub</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="169" />
        <source>Hugging Face (official)</source>
        <translation>Hugging Face（官方）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="170" />
        <source>hf-mirror.com (mirror)</source>
        <translation>hf-mirror.com（镜像）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="171" />
        <source>{0} — {1}</source>
        <translation>{0} — {1}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="172" />
        <source>Custom…</source>
        <translation>自定义…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="189" />
        <source>chosen here</source>
        <translation>在此处选择</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="189" />
        <source>set for a job</source>
        <translation>为某个任务设置</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="190" />
        <source>from HF_ENDPOINT in your environment</source>
        <translation>来自环境变量 HF_ENDPOINT</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="191" />
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="192" />
        <source>In use: {0} ({1})</source>
        <translation>正在使用：{0}（{1}）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="204" />
        <source>Offline mode is forced by {0} in the environment; unset it to go online.</source>
        <translation>环境变量 {0} 强制开启了离线模式；取消设置后才能联网。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="212" />
        <location filename="../../hfmanager/ui/views/environment_view.py" line="294" />
        <source>Offline mode is on: nothing is sent.</source>
        <translation>离线模式已开启：不会发送任何请求。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="215" />
        <location filename="../../hfmanager/ui/views/environment_view.py" line="218" />
        <source>from the environment: {0}</source>
        <translation>来自环境变量：{0}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="216" />
        <location filename="../../hfmanager/ui/views/environment_view.py" line="219" />
        <source>none (direct connection)</source>
        <translation>无（直接连接）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="222" />
        <source>Leave empty to use the environment's proxy. No proxy for: {0}</source>
        <translation>留空则使用环境变量中的代理。不走代理的地址：{0}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="224" />
        <source>Leave empty to use the environment's proxy (HTTP_PROXY / HTTPS_PROXY).</source>
        <translation>留空则使用环境变量中的代理（HTTP_PROXY / HTTPS_PROXY）。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="257" />
        <source>That is not an endpoint address; it should look like https://hub.example.org</source>
        <translation>这不是端点地址；格式应类似 https://hub.example.org</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="301" />
        <source>Testing {0}…</source>
        <translation>正在测试 {0}…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="308" />
        <source>Reachable: {0} ms</source>
        <translation>可达：{0} 毫秒</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="320" />
        <source>Not reachable: the server name could not be found (DNS).</source>
        <translation>不可达：无法解析服务器名称（DNS）。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="321" />
        <source>Not reachable: the connection was refused.</source>
        <translation>不可达：连接被拒绝。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="322" />
        <source>Not reachable: no answer in time.</source>
        <translation>不可达：响应超时。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="323" />
        <source>Not reachable: the TLS certificate could not be verified.</source>
        <translation>不可达：无法验证 TLS 证书。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="324" />
        <source>Not reachable: the proxy failed ({0}).</source>
        <translation>不可达：代理出错（{0}）。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="325" />
        <source>The server answered HTTP {0}.</source>
        <translation>服务器返回 HTTP {0}。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="328" />
        <source>Not reachable: {0}</source>
        <translation>不可达：{0}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="352" />
        <source>The checks failed: {0}</source>
        <translation>检查失败：{0}</translation>
    </message>
<message><source>Environment</source><translation>环境</translation></message></context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="42" />
        <source>Export snapshot</source>
        <translation>导出快照</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="45" />
        <source>Copy %1 out of the cache as a plain folder of files, for apps that want one.</source>
        <translation>把 %1 从缓存中复制成普通文件夹，供需要文件夹的应用使用。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="54" />
        <source>Revision:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="56" />
        <source>a new or empty folder</source>
        <translation>新的或空的文件夹</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="57" />
        <source>To folder:</source>
        <translation>导出到：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="57" />
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="59" />
        <source>Copy (shares space where the drive can)</source>
        <translation>复制（磁盘支持时共享空间）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="60" />
        <source>Hard links (no extra space; editing edits the cache)</source>
        <translation>硬链接（不占额外空间；修改会改动缓存）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="62" />
        <source>Files:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="65" />
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="73" />
        <source>Choose the folder to export to.</source>
        <translation>请选择要导出到的文件夹。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="89" />
        <source>The export stopped: %1</source>
        <translation>导出已中止：%1</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/export_dialog.py" line="94" />
        <source>Exported %1 file(s), %2, to %3.</source>
        <translation>已导出 %1 个文件，%2，到 %3。</translation>
    </message>
</context>
<context>
    <name>FallbackFields</name>
    <message>
        <location filename="../../hfmanager/ui/views/fallback_fields.py" line="40" />
        <source>When the endpoint above misses a file (not found, server errors, a stall, a wrong size or hash, a redirect into Xet storage), that file alone is fetched from these, in order. Every file is still checked against the Hub's hash.</source>
        <translation>上面的端点缺少某个文件时（找不到、服务器错误、停滞、大小或哈希不符、被重定向到 Xet 存储），仅该文件会按顺序改从这些端点下载。每个文件仍会按 Hub 的哈希校验。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/fallback_fields.py" line="47" />
        <source>Besides the official Hub, only these https endpoints receive your token; never a redirect to another host.</source>
        <translation>除官方 Hub 外，只有这些 https 端点会收到你的令牌；重定向到其他主机时绝不发送。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/fallback_fields.py" line="54" />
        <source>Then try:</source>
        <translation>然后尝试：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/fallback_fields.py" line="55" />
        <source>Token also to:</source>
        <translation>令牌也发送给：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/fallback_fields.py" line="65" />
        <source>Not an endpoint address, not saved: {0}</source>
        <translation>不是端点地址，未保存：{0}</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <location filename="../../hfmanager/ui/views/file_actions.py" line="62" />
        <source>View</source>
        <translation>查看</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/file_actions.py" line="126" />
        <source>Download again</source>
        <translation>重新下载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/file_actions.py" line="128" />
        <source>Fetch these files again from the Hub, pinned to their commit</source>
        <translation>从 Hub 重新获取这些文件，固定在其提交上</translation>
    </message>
</context>
<context>
    <name>FileViewer</name>
    <message>
        <location filename="../../hfmanager/ui/dialogs/file_viewer.py" line="124" />
        <source>This file's link is broken: its target {target} is missing. Use "Download again" in the file list to fetch it.</source>
        <translation>此文件的链接已损坏：其目标 {target} 不存在。请在文件列表中使用“重新下载”获取它。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/file_viewer.py" line="127" />
        <source>This file links outside the cache ({target}); it was not followed.</source>
        <translation>此文件链接到缓存之外（{target}），未跟随该链接。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/file_viewer.py" line="128" />
        <source>This file cannot be read: {target}</source>
        <translation>无法读取此文件：{target}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/file_viewer.py" line="129" />
        <source>This is a binary file; it is not shown.</source>
        <translation>这是二进制文件，不予显示。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/file_viewer.py" line="131" />
        <source>Not valid JSON ({target}); the raw text is shown.</source>
        <translation>不是有效的 JSON（{target}），显示原始文本。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/file_viewer.py" line="136" />
        <source>Only the first {shown} of {size} are shown.</source>
        <translation>仅显示 {size} 中的前 {shown}。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/file_viewer.py" line="139" />
        <source>Bytes that are not UTF-8 text are shown as �.</source>
        <translation>非 UTF-8 文本的字节显示为 �。</translation>
    </message>
</context>
<context>
    <name>FileViewerDialog</name>
    <message>
        <location filename="../../hfmanager/ui/dialogs/file_viewer.py" line="149" />
        <source>{name} — read only</source>
        <translation>{name} — 只读</translation>
    </message>
</context>
<context>
    <name>FilesModel</name>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="104" />
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="104" />
        <source>Shard index</source>
        <translation>分片索引</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="105" />
        <source>Config</source>
        <translation>配置</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="105" />
        <source>Tokenizer</source>
        <translation>分词器</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="106" />
        <source>Custom code</source>
        <translation>自定义代码</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="106" />
        <source>Docs</source>
        <translation>文档</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="107" />
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="108" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="108" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="108" />
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="172" />
        <source>{group} ({n})</source>
        <translation>{group}（{n}）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/files_model.py" line="196" />
        <source>blob {blob}</source>
        <translation>blob {blob}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="42" />
        <source>Browse...</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="66" />
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="85" />
        <source>Import folder</source>
        <translation>导入文件夹</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="69" />
        <source>Put files you downloaded by hand (a browser, a colleague's disk) into the cache, so that loaders find them by the repo id, also offline.</source>
        <translation>把手动下载的文件（浏览器、同事的硬盘）放进缓存，让加载器按仓库 ID 找到它们，离线也可以。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="84" />
        <source>the folder with config.json, weights...</source>
        <translation>包含 config.json、权重等文件的文件夹</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="85" />
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="87" />
        <source>org/name, as on the Hub</source>
        <translation>org/name，与 Hub 上一致</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="88" />
        <source>Repo id:</source>
        <translation>仓库 ID：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="90" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="90" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="91" />
        <source>Space</source>
        <translation>空间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="93" />
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="95" />
        <source>Revision:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="97" />
        <source>Copy (the folder stays as it is)</source>
        <translation>复制（文件夹保持不变）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="98" />
        <source>Hard link (no extra space, same drive)</source>
        <translation>硬链接（不占额外空间，需同一磁盘）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="99" />
        <source>Move (the folder is emptied)</source>
        <translation>移动（文件夹会被清空）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="101" />
        <source>Files:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="102" />
        <source>Do not ask the Hub (a local revision)</source>
        <translation>不询问 Hub（本地版本）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="104" />
        <source>Online, the files are checked against the Hub's list for the revision and take its commit; a file the Hub does not have is reported and left out.</source>
        <translation>在线时，文件会与 Hub 上该版本的文件列表核对并采用其提交；Hub 上没有的文件会被报告并跳过。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="205" />
        <source>The files are an older commit than the revision's head (%1), found among %2 commits.</source>
        <translation>这些文件属于比该版本最新提交（%1）更早的提交，在 %2 个提交中找到。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="209" />
        <source>No ref points to it: load it with revision="%1".</source>
        <translation>没有引用指向它：请用 revision="%1" 加载。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="212" />
        <source>Only the newest %1 commits were examined.</source>
        <translation>只检查了最新的 %1 个提交。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="215" />
        <source>The commit search stopped early: %1</source>
        <translation>提交搜索提前停止：%1</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="218" />
        <source>The local revision %1 is replaced.</source>
        <translation>本地版本 %1 已被替换。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="76" />
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="119" />
        <source>Choose a folder that exists.</source>
        <translation>请选择一个存在的文件夹。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="122" />
        <source>Give the repo id the files belong to (org/name).</source>
        <translation>请填写这些文件所属的仓库 ID（org/name）。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="134" />
        <source>Hashing %p%</source>
        <translation>计算哈希 %p%</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="135" />
        <source>Placing %p%</source>
        <translation>放入缓存 %p%</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="142" />
        <source>Nothing was imported; the folder is as it was: %1</source>
        <translation>没有导入任何文件，文件夹保持原样：%1</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="165" />
        <source>a local revision %1 (not checked against the Hub)</source>
        <translation>本地版本 %1（未与 Hub 核对）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="167" />
        <source>commit %1</source>
        <translation>提交 %1</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="169" />
        <source>(the Hub could not be asked: %1)</source>
        <translation>（无法询问 Hub：%1）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="171" />
        <source>Imported %1 file(s), %2, as %3.</source>
        <translation>已导入 %1 个文件，%2，作为%3。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="175" />
        <source>Nothing was imported.</source>
        <translation>没有导入任何文件。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="185" />
        <source>its content differs from the Hub's</source>
        <translation>内容与 Hub 上的不同</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="186" />
        <source>the revision has no such file</source>
        <translation>该版本中没有这个文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="187" />
        <source>not a valid file name in a repo</source>
        <translation>不是仓库中有效的文件名</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="192" />
        <source>; no commit examined has it</source>
        <translation>；检查过的提交中都没有它</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="193" />
        <source>Not imported: %1 (%2)</source>
        <translation>未导入：%1（%2）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="196" />
        <source>...and %1 more not imported</source>
        <translation>…另有 %1 个未导入</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/import_dialog.py" line="179" />
        <source>The revision has %1 more file(s) that are not in the folder.</source>
        <translation>该版本还有 %1 个文件不在这个文件夹中。</translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="86" />
        <source>Search repos (Ctrl+F)</source>
        <translation>搜索仓库（Ctrl+F）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="102" />
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="102" />
        <source>Datasets</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="103" />
        <source>Spaces</source>
        <translation>空间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="136" />
        <location filename="../../hfmanager/ui/views/library.py" line="183" />
        <source>Hugging Face</source>
        <translation>Hugging Face</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="137" />
        <location filename="../../hfmanager/ui/views/library.py" line="184" />
        <source>Torch hub</source>
        <translation>Torch hub</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="186" />
        <source>{shown} of {n} shown</source>
        <translation>显示 {shown} / {n} 个</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="344" />
        <source>No file manager could open the folder. Its path is copied to the clipboard:
{path}</source>
        <translation>没有文件管理器能打开此文件夹。其路径已复制到剪贴板：
{path}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="196" />
        <source>Shared blob store: {n} files, {size}, each counted once in the total</source>
        <translation>共享 blob 存储：{n} 个文件，{size}，每个文件在总量中只计一次</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="201" />
        <source>{n} orphaned, {size} used by no repo: &lt;a href="clean"&gt;Clean up…&lt;/a&gt;</source>
        <translation>{n} 个孤立文件，{size} 无仓库使用：&lt;a href="clean"&gt;清理…&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="315" />
        <location filename="../../hfmanager/ui/views/library.py" line="343" />
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="316" />
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="317" />
        <source>Copy repo ID</source>
        <translation>复制仓库 ID</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/library.py" line="318" />
        <source>Open on the Hub</source>
        <translation>在 Hub 上打开</translation>
    </message>
</context>
<context>
    <name>LoadOptionsBox</name>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="42" />
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="44" />
        <source>bitsandbytes quantization: needs a CUDA GPU and bitsandbytes. A repo that is already quantized loads with its own method.</source>
        <translation>bitsandbytes 量化：需要 CUDA GPU 和 bitsandbytes。已量化的仓库按它自己的方式加载。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="48" />
        <source>the device above</source>
        <translation>上面选择的设备</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="49" />
        <source>auto, one device (cuda:1), several (cuda:0,cuda:1) or caps with CPU offload (cuda:0=10GiB,cpu=32GiB)</source>
        <translation>auto、单个设备（cuda:1）、多个设备（cuda:0,cuda:1），或带上限和 CPU 卸载（cuda:0=10GiB,cpu=32GiB）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="54" />
        <source>Default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="55" />
        <source>flash_attention_2 needs a CUDA GPU and flash_attn</source>
        <translation>flash_attention_2 需要 CUDA GPU 和 flash_attn</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="56" />
        <source>low_cpu_mem_usage</source>
        <translation>low_cpu_mem_usage</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="59" />
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="60" />
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="61" />
        <source>After loading, a forward pass on this many tokens (causal LMs also generate a few tokens)</source>
        <translation>加载后，用这么多 token 做一次前向计算（因果语言模型还会生成几个 token）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="64" />
        <source>module:Name (optional)</source>
        <translation>module:Name（可选）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="65" />
        <source>Load through your own class's from_pretrained (a PyTorchModelHubMixin class), imported by the chosen Python</source>
        <translation>通过你自己的类的 from_pretrained 加载（PyTorchModelHubMixin 类），由所选 Python 导入</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="74" />
        <source>Quantize:</source>
        <translation>量化：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="75" />
        <source>Device map:</source>
        <translation>设备映射：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="76" />
        <source>Attention:</source>
        <translation>注意力实现：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="78" />
        <source>Smoke pass:</source>
        <translation>试运行：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_options.py" line="79" />
        <source>Class:</source>
        <translation>类：</translation>
    </message>
</context>
<context>
    <name>LoadTestPanel</name>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="152" />
        <location filename="../../hfmanager/ui/views/loadtest_form.py" line="28" />
        <source>Select a model in the library.</source>
        <translation>请在库中选择一个模型。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_form.py" line="38" />
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_form.py" line="39" />
        <source>List devices again (also asks torch about Apple MPS and GPUs NVML cannot see)</source>
        <translation>重新列出设备（也会向 torch 查询 Apple MPS 以及 NVML 看不到的 GPU）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_form.py" line="54" />
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_form.py" line="55" />
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_form.py" line="56" />
        <source>Data type:</source>
        <translation>数据类型：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_form.py" line="57" />
        <source>Python:</source>
        <translation>Python：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_form.py" line="61" />
        <source>Context:</source>
        <translation>上下文：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_estimate.py" line="40" />
        <source>Estimate (from file headers, nothing loaded)</source>
        <translation>估算（基于文件头，不加载任何内容）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="100" />
        <source>Test load</source>
        <translation>试加载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="102" />
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="114" />
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="155" />
        <source>{model}  ·  loads as: {strategy}</source>
        <translation>{model}  ·  加载方式：{strategy}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_estimate.py" line="60" />
        <source>No estimate: {error}</source>
        <translation>无法估算：{error}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="209" />
        <source>Could not list devices: {error}</source>
        <translation>无法列出设备：{error}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="253" />
        <source>Not loaded: remote code was not allowed.</source>
        <translation>未加载：未允许运行远程代码。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="292" />
        <source>Loading in a separate process...</source>
        <translation>正在独立进程中加载…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="299" />
        <source>Cancelling...</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="323" />
        <source>Loaded.</source>
        <translation>已加载。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="61" />
        <source>Hugging Face cache manager</source>
        <translation>Hugging Face 缓存管理器</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="76" />
        <source>Library</source>
        <translation>库</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="29" />
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="32" />
        <source>Scan the caches again (F5)</source>
        <translation>重新扫描缓存（F5）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="36" />
        <source>&amp;Add cache folder...</source>
        <translation>添加缓存文件夹(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="48" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="51" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="55" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="60" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="61" />
        <source>&amp;About hfmanager</source>
        <translation>关于 hfmanager(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="39" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="65" />
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="68" />
        <source>System default</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="230" />
        <source>Scanning...</source>
        <translation>正在扫描…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="246" />
        <source>Scan failed: {message}</source>
        <translation>扫描失败：{message}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="260" />
        <source>Scanned in {s:.1f} s</source>
        <translation>扫描用时 {s:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="283" />
        <source>{n} repos, {t} torch files · {size}</source>
        <translation>{n} 个仓库，{t} 个 torch 文件 · {size}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="287" />
        <source>Free: {size}</source>
        <translation>可用：{size}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/main_window.py" line="305" />
        <source>Add a cache folder</source>
        <translation>添加缓存文件夹</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="85" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="86" />
        <source>The new language applies the next time hfmanager starts.</source>
        <translation>新语言将在下次启动 hfmanager 时生效。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="100" />
        <source>About hfmanager</source>
        <translation>关于 hfmanager</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/window_menus.py" line="101" />
        <source>&lt;b&gt;hfmanager {version}&lt;/b&gt;&lt;p&gt;See, check, clean and fill the Hugging Face and PyTorch model caches.&lt;/p&gt;</source>
        <translation>&lt;b&gt;hfmanager {version}&lt;/b&gt;&lt;p&gt;查看、检查、清理和下载 Hugging Face 与 PyTorch 模型缓存。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../hfmanager/ui/messages.py" line="24" />
        <source> and {n} more</source>
        <translation> 等另外 {n} 个</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/messages.py" line="25" />
        <source>The {repo_type} '{repo_id}' at '{revision}'</source>
        <translation>{repo_type}“{repo_id}”（版本 {revision}）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/messages.py" line="26" />
        <source>the download</source>
        <translation>该下载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/messages.py" line="27" />
        <source>this endpoint</source>
        <translation>此端点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/messages.py" line="28" />
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/messages.py" line="29" />
        <source>dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/messages.py" line="30" />
        <source>space</source>
        <translation>空间</translation>
    </message>
<message><source>Shard index '{file}' cannot be read: {error}</source><translation>分片索引“{file}”无法读取：{error}</translation></message><message><source>Shard index '{file}' is not valid JSON with a weight_map</source><translation>分片索引“{file}”不是含 weight_map 的有效 JSON</translation></message><message><source>'{file}' lists {missing} of {total} shard(s) that are not in this revision: {names}{more:more}</source><translation>“{file}”列出的 {total} 个分片中有 {missing} 个不在此版本中：{names}{more:more}</translation></message><message><source>No config.json in this revision: transformers cannot load it as is (a partial download, or not a transformers model)</source><translation>此版本中没有 config.json：transformers 无法直接加载它（下载不完整，或不是 transformers 模型）</translation></message><message><source>Contains Python code ({names}{more:more}): loading it needs trust_remote_code=True, which runs that code on your machine</source><translation>包含 Python 代码（{names}{more:more}）：加载它需要 trust_remote_code=True，这会在你的机器上运行这些代码</translation></message><message><source>Weights only in pickle format ({names}{more:more}) and no safetensors: loading them can run arbitrary code</source><translation>权重只有 pickle 格式（{names}{more:more}），没有 safetensors：加载它们可能运行任意代码</translation></message><message><source>Cannot read folder {folder}: {error}</source><translation>无法读取文件夹 {folder}：{error}</translation></message><message><source>{name} is not a cache repo folder name (expected models--org--name, datasets--... or spaces--...)</source><translation>{name} 不是缓存仓库文件夹名（应为 models--组织--名称、datasets--... 或 spaces--...）</translation></message><message><source>The scan of this repo stopped early: {error}</source><translation>此仓库的扫描提前停止：{error}</translation></message><message><source>Ref {refs} points to commit {commit}, whose snapshot is not in the cache</source><translation>引用 {refs} 指向提交 {commit}，但缓存中没有它的快照</translation></message><message><source>'{name}' should be a folder but is {what:word}; it was not followed</source><translation>“{name}”应为文件夹，但它是{what:word}；未跟随</translation></message><message><source>Unexpected entry '{name}' in the repo folder</source><translation>仓库文件夹中有意外的条目“{name}”</translation></message><message><source>The repo folder has no snapshots folder: nothing usable is cached</source><translation>仓库文件夹中没有 snapshots 文件夹：没有缓存任何可用内容</translation></message><message><source>Cannot read blob: {error}</source><translation>无法读取 blob：{error}</translation></message><message><source>Ref '{ref}' is not a regular file</source><translation>引用“{ref}”不是普通文件</translation></message><message><source>'{name}' in snapshots/ should be a folder but is {what:word}</source><translation>snapshots/ 中的“{name}”应为文件夹，但它是{what:word}</translation></message><message><source>Snapshot folder '{name}' is not a commit hash</source><translation>快照文件夹“{name}”不是提交哈希</translation></message><message><source>File name '{name}' is not valid UTF-8</source><translation>文件名“{name}”不是有效的 UTF-8</translation></message><message><source>config.json of revision {commit} cannot be read: {error}</source><translation>版本 {commit} 的 config.json 无法读取：{error}</translation></message><message><source>Blob name '{name}' is not a 40- or 64-character hex hash: it was not written by huggingface_hub</source><translation>blob 名称“{name}”不是 40 或 64 位十六进制哈希：它不是由 huggingface_hub 写入的</translation></message><message><source>Blob '{name}' links into the shared blob store, but the payload {xet}… is missing: re-download the files that use it</source><translation>blob“{name}”链接到共享 blob 存储，但数据 {xet}… 已丢失：请重新下载使用它的文件</translation></message><message><source>Blob '{name}' is not a regular file</source><translation>blob“{name}”不是普通文件</translation></message><message><source>'{rel}' links outside the cache ({detail}); it was not followed</source><translation>“{rel}”链接到缓存之外（{detail}）；未跟随</translation></message><message><source>'{rel}' is a symlink loop ({detail})</source><translation>“{rel}”是循环符号链接（{detail}）</translation></message><message><source>'{rel}' is a broken link: its target {detail} is missing</source><translation>“{rel}”是损坏的链接：其目标 {detail} 不存在</translation></message><message><source>Cannot read '{rel}': {detail}</source><translation>无法读取“{rel}”：{detail}</translation></message><message><source>Ref '{ref}' has a newline or spaces around its commit hash: huggingface_hub and transformers cannot resolve it offline. Downloading the repo again repairs it</source><translation>引用“{ref}”的提交哈希前后有换行或空格：huggingface_hub 和 transformers 离线时无法解析它。重新下载该仓库即可修复</translation></message><message><source>Ref '{ref}' names '{target}', not a commit hash</source><translation>引用“{ref}”指向“{target}”，而不是提交哈希</translation></message><message><source>Ref '{ref}' does not hold a commit hash</source><translation>引用“{ref}”不包含提交哈希</translation></message><message><source>Partial snapshot: {cached} of {total} files of this commit are cached; the rest were never downloaded (an --include download)</source><translation>部分快照：此提交的 {total} 个文件中已缓存 {cached} 个；其余从未下载（使用 --include 的下载）</translation></message><message><source>'{rel}' is not a regular file</source><translation>“{rel}”不是普通文件</translation></message><message><source>'{rel}' points to blob {etag}, which is missing: re-download this file</source><translation>“{rel}”指向的 blob {etag} 不存在：请重新下载此文件</translation></message><message><source>'{rel}' links to a folder; it was not followed</source><translation>“{rel}”链接到一个文件夹；未跟随</translation></message><message><source>Unfinished download left behind: {size:size}, last written {written:ago}. Resume the download or delete it to free the space</source><translation>遗留的未完成下载：{size:size}，最后写入于 {written:ago}。继续下载，或删除它以释放空间</translation></message><message><source>Cannot read: {error}</source><translation>无法读取：{error}</translation></message><message><source>Checkpoint '{name}' is a link; it was not followed</source><translation>检查点“{name}”是链接；未跟随</translation></message><message><source>Unfinished torch.hub download left behind: {size:size}, last written {written:ago}</source><translation>遗留的未完成 torch.hub 下载：{size:size}，最后写入于 {written:ago}</translation></message><message><source>'{name}' does not look like a torch.hub checkout (owner_repo_ref)</source><translation>“{name}”看起来不像 torch.hub 代码检出（owner_repo_ref）</translation></message><message><source>Cannot read torch hub folder: {error}</source><translation>无法读取 torch hub 文件夹：{error}</translation></message><message><source>Cannot read checkpoints: {error}</source><translation>无法读取 checkpoints：{error}</translation></message><message><source>'{name}' is a link; it was not followed</source><translation>“{name}”是链接；未跟随</translation></message><message><source>Cannot read cache folder {folder}: {error}</source><translation>无法读取缓存文件夹 {folder}：{error}</translation></message><message><source>'{name}' in the cache is a link; links are never followed, so it was not scanned</source><translation>缓存中的“{name}”是链接；从不跟随链接，因此未扫描它</translation></message><message><source>Unexpected folder '{name}' in the cache folder</source><translation>缓存文件夹中有意外的文件夹“{name}”</translation></message><message><source>Unexpected file '{name}' in the cache folder</source><translation>缓存文件夹中有意外的文件“{name}”</translation></message><message><source>Unexpected entry '{name}' in the shared blob store</source><translation>共享 blob 存储中有意外的条目“{name}”</translation></message><message><source>{what}: content does not match its {algo} {expected} (actual {actual})</source><translation>{what}：内容与其 {algo} {expected} 不符（实际为 {actual}）</translation></message><message><source>{what}: content does not match its {algo} {expected} (actual {actual}); it is the shared store file {payload}…, damaged for every repo that uses it</source><translation>{what}：内容与其 {algo} {expected} 不符（实际为 {actual}）；它是共享存储文件 {payload}…，所有使用它的仓库都受损</translation></message><message><source>invalid</source><translation>无效</translation></message><message><source>{url} ({source:word})</source><translation>{url}（{source:word}）</translation></message><message><source>Your shell sets HF_ENDPOINT={env}: your own scripts use that, while this app uses {url}.</source><translation>你的 shell 设置了 HF_ENDPOINT={env}：你自己的脚本使用它，而本应用使用 {url}。</translation></message><message><source>off (online)</source><translation>关闭（在线）</translation></message><message><source>on (the app's switch)</source><translation>开启（应用内开关）</translation></message><message><source>on ({var}={value})</source><translation>开启（{var}={value}）</translation></message><message><source>No download or Hub lookup will happen until you turn off the app's Offline switch.</source><translation>在你关闭应用的“离线”开关之前，不会进行任何下载或 Hub 查询。</translation></message><message><source>No download or Hub lookup will happen until you unset {var}.</source><translation>在你取消设置 {var} 之前，不会进行任何下载或 Hub 查询。</translation></message><message><source>running as root via sudo (user {user})</source><translation>通过 sudo 以 root 身份运行（用户 {user}）</translation></message><message><source>sudo drops your shell's HF_HOME, HF_HUB_CACHE, HF_ENDPOINT and HF_HUB_OFFLINE: the caches and endpoint shown here are root's, not yours. Run without sudo, or with `sudo -E` to keep your environment.</source><translation>sudo 会丢弃 shell 中的 HF_HOME、HF_HUB_CACHE、HF_ENDPOINT 和 HF_HUB_OFFLINE：这里显示的缓存和端点属于 root，而不是你。请不用 sudo 运行，或用 `sudo -E` 保留你的环境。</translation></message><message><source>not running under sudo</source><translation>未在 sudo 下运行</translation></message><message><source>{scheme}: {url} ({source})</source><translation>{scheme}：{url}（{source}）</translation></message><message><source>{scheme}: none</source><translation>{scheme}：无</translation></message><message><source>A proxy address should start with http:// or https://: {url}</source><translation>代理地址应以 http:// 或 https:// 开头：{url}</translation></message><message><source>{path} (from {source})</source><translation>{path}（来自 {source}）</translation></message><message><source>{path} (default location)</source><translation>{path}（默认位置）</translation></message><message><source>This folder is not writable by you: downloads and cleanup will fail. Fix its permissions or choose another location.</source><translation>你没有此文件夹的写权限：下载和清理都会失败。请修正其权限或选择其他位置。</translation></message><message><source>{base} is not writable by you: downloads and cleanup will fail. Fix its permissions or choose another location.</source><translation>你没有 {base} 的写权限：下载和清理都会失败。请修正其权限或选择其他位置。</translation></message><message><source>Only {free:size} free on this volume.</source><translation>此卷上仅剩 {free:size} 可用空间。</translation></message><message><source>Does not exist yet; it will be created on first download.</source><translation>尚不存在；首次下载时会创建。</translation></message><message><source>{var} is a legacy variable; prefer HF_HUB_CACHE or HF_HOME.</source><translation>{var} 是旧版变量；建议改用 HF_HUB_CACHE 或 HF_HOME。</translation></message><message><source>present (from {source})</source><translation>已存在（来自 {source}）</translation></message><message><source>Sent only to the official Hub unless you allow it for mirrors.</source><translation>只发送给官方 Hub，除非你允许也发送给镜像。</translation></message><message><source>none</source><translation>无</translation></message><message><source>Public repos work without a token. For gated or private repos, log in with `hf auth login`.</source><translation>公开仓库无需令牌。对于受限或私有仓库，请用 `hf auth login` 登录。</translation></message><message><source>{found}</source><translation>{found}</translation></message><message><source>huggingface_hub is not installed: pip install huggingface_hub</source><translation>未安装 huggingface_hub：pip install huggingface_hub</translation></message><message><source>HF_HUB_ENABLE_HF_TRANSFER is set but hf_transfer is not installed.</source><translation>设置了 HF_HUB_ENABLE_HF_TRANSFER，但未安装 hf_transfer。</translation></message><message><source>Load tests need torch and transformers in the Python they run with.</source><translation>试加载需要在所用的 Python 中安装 torch 和 transformers。</translation></message><message><source>symlinks {symlinks:word}; xet {xet:word}</source><translation>符号链接{symlinks:word}；xet {xet:word}</translation></message><message><source>HF_HUB_DISABLE_SYMLINKS is set: snapshots hold full copies, so every revision of a file takes its full size again.</source><translation>设置了 HF_HUB_DISABLE_SYMLINKS：快照中保存完整副本，因此文件的每个版本都会再占用一次完整大小。</translation></message><message><source>no valid endpoint</source><translation>没有有效的端点</translation></message><message><source>not tested ({why:word})</source><translation>未测试（{why:word}）</translation></message><message><source>yes, {ms} ms</source><translation>是，{ms} 毫秒</translation></message><message><source>no ({kind})</source><translation>否（{kind}）</translation></message><message><source>{name}: too small to be safetensors ({size} bytes)</source><translation>{name}：太小，不是 safetensors 文件（{size} 字节）</translation></message><message><source>{name}: header of {n} bytes exceeds the 100 MiB limit</source><translation>{name}：文件头有 {n} 字节，超过 100 MiB 的上限</translation></message><message><source>{name}: header length {n} runs past the end of the file</source><translation>{name}：文件头长度 {n} 超出了文件末尾</translation></message><message><source>{name}: cannot read ({error})</source><translation>{name}：无法读取（{error}）</translation></message><message><source>{name}: {error}</source><translation>{name}：{error}</translation></message><message><source>{name}: header is not a JSON object</source><translation>{name}：文件头不是 JSON 对象</translation></message><message><source>{name}: __metadata__ is not an object</source><translation>{name}：__metadata__ 不是对象</translation></message><message><source>{name}: entry {key} is not an object</source><translation>{name}：条目 {key} 不是对象</translation></message><message><source>{name}: tensor {key} has unknown dtype {dtype}</source><translation>{name}：张量 {key} 的数据类型 {dtype} 未知</translation></message><message><source>{name}: tensor {key} has a bad shape</source><translation>{name}：张量 {key} 的形状无效</translation></message><message><source>{name}: tensor {key} has offsets outside the file</source><translation>{name}：张量 {key} 的偏移量超出文件范围</translation></message><message><source>{name}: tensor {key} is {have} bytes, its dtype and shape say {want}</source><translation>{name}：张量 {key} 有 {have} 字节，但按其数据类型和形状应为 {want} 字节</translation></message><message><source>{name}: tensors overlap in the data section</source><translation>{name}：数据区中的张量相互重叠</translation></message><message><source>index names an unsafe file: {name}</source><translation>索引中有不安全的文件名：{name}</translation></message><message><source>{name}: no weight_map object</source><translation>{name}：没有 weight_map 对象</translation></message><message><source>{name}: shards missing: {names}</source><translation>{name}：缺少分片：{names}</translation></message><message><source>unknown dtype {dtype}; use one of {dtypes}</source><translation>未知的数据类型 {dtype}；可用：{dtypes}</translation></message><message><source>no such file or folder: {path}</source><translation>没有这个文件或文件夹：{path}</translation></message><message><source>no weights file found (.safetensors, .bin, .pt, .pth)</source><translation>未找到权重文件（.safetensors、.bin、.pt、.pth）</translation></message><message><source>CPU ({arch}, {cores} cores)</source><translation>CPU（{arch}，{cores} 核）</translation></message><message><source>The worker was killed ({signal}), most likely by the system's out-of-memory killer: the model needs more host memory than is free.</source><translation>工作进程被终止（{signal}），很可能是系统的内存不足保护（OOM killer）所致：模型需要的主机内存超过了可用内存。</translation></message><message><source>The worker crashed with {signal} ({signal}). The app is fine; the library code in the child is not.</source><translation>工作进程因 {signal}（{signal}）崩溃。本应用没有问题；出问题的是子进程中的库代码。</translation></message><message><source>The worker crashed with a segmentation fault ({signal}). The app is fine; the library code in the child is not.</source><translation>工作进程因段错误（{signal}）崩溃。本应用没有问题；出问题的是子进程中的库代码。</translation></message><message><source>The worker crashed with an abort ({signal}). The app is fine; the library code in the child is not.</source><translation>工作进程因中止（{signal}）崩溃。本应用没有问题；出问题的是子进程中的库代码。</translation></message><message><source>The worker crashed with a bus error ({signal}). The app is fine; the library code in the child is not.</source><translation>工作进程因总线错误（{signal}）崩溃。本应用没有问题；出问题的是子进程中的库代码。</translation></message><message><source>The worker crashed with an illegal instruction ({signal}). The app is fine; the library code in the child is not.</source><translation>工作进程因非法指令（{signal}）崩溃。本应用没有问题；出问题的是子进程中的库代码。</translation></message><message><source>The worker crashed with a floating-point exception ({signal}). The app is fine; the library code in the child is not.</source><translation>工作进程因浮点异常（{signal}）崩溃。本应用没有问题；出问题的是子进程中的库代码。</translation></message><message><source>The worker exited with status {status}: {last}</source><translation>工作进程以状态 {status} 退出：{last}</translation></message><message><source>The worker exited with status {status}: no output</source><translation>工作进程以状态 {status} 退出：没有输出</translation></message><message><source>Cancelled; the worker was stopped.</source><translation>已取消；工作进程已停止。</translation></message><message><source>torch is not installed in the Python chosen for the load ({python}). Install it there (CPU-only build: {python} -m pip install torch --index-url https://download.pytorch.org/whl/cpu), or pick a Python that has it.</source><translation>为测试加载选择的 Python（{python}）中没有安装 torch。请在其中安装（仅 CPU 版本：{python} -m pip install torch --index-url https://download.pytorch.org/whl/cpu），或选择一个已安装 torch 的 Python。</translation></message><message><source>torch is not installed in the Python chosen for the load ({python}), and that Python has no pip either. Add pip first ({python} -m ensurepip --upgrade), then torch (CPU-only build: {python} -m pip install torch --index-url https://download.pytorch.org/whl/cpu), or pick a Python that has torch.</source><translation>为测试加载选择的 Python（{python}）中没有安装 torch，也没有 pip。请先安装 pip（{python} -m ensurepip --upgrade），再安装 torch（仅 CPU 版本：{python} -m pip install torch --index-url https://download.pytorch.org/whl/cpu），或选择一个已安装 torch 的 Python。</translation></message><message><source>No result within {seconds} s; the worker was stopped.</source><translation>{seconds} 秒内没有结果；工作进程已停止。</translation></message><message><source>The worker wrote {what} to its output, which is not its protocol; it was stopped.</source><translation>工作进程向输出写入了 {what}，这不符合其协议；已将其停止。</translation></message><message><source>{mode} quantization needs a CUDA GPU and bitsandbytes; the chosen device is not a CUDA GPU. Nothing was loaded.</source><translation>{mode} 量化需要 CUDA GPU 和 bitsandbytes；所选设备不是 CUDA GPU。未加载任何内容。</translation></message><message><source>{mode} quantization applies to transformers models only; this one loads as {strategy}. Nothing was loaded: load it without quantization.</source><translation>{mode} 量化只适用于 transformers 模型；此模型以 {strategy} 方式加载。未加载任何内容：请不带量化加载。</translation></message><message><source>flash_attention_2 needs a CUDA GPU and the flash_attn package; the chosen device is not a CUDA GPU. Use sdpa or eager.</source><translation>flash_attention_2 需要 CUDA GPU 和 flash_attn 包；所选设备不是 CUDA GPU。请使用 sdpa 或 eager。</translation></message><message><source>model, {n} revision(s)</source><translation>模型，{n} 个版本</translation></message><message><source>dataset, {n} revision(s)</source><translation>数据集，{n} 个版本</translation></message><message><source>space, {n} revision(s)</source><translation>空间，{n} 个版本</translation></message><message><source>detached</source><translation>游离</translation></message><message><source>shared payload {xet}</source><translation>共享数据 {xet}</translation></message><message><source>no repo links to it ({root})</source><translation>没有仓库链接到它（{root}）</translation></message><message><source>pickle twin of safetensors weights @{commit}</source><translation>与 safetensors 权重重复的 pickle 文件 @{commit}</translation></message><message><source>{repo}: partial download</source><translation>{repo}：未完成的下载</translation></message><message><source>torch hub checkpoint</source><translation>torch hub 检查点</translation></message><message><source>torch hub code</source><translation>torch hub 代码</translation></message><message><source>cannot list the cache: {error}</source><translation>无法列出缓存：{error}</translation></message><message><source>cannot list blobs/: {error}</source><translation>无法列出 blobs/：{error}</translation></message><message><source>cannot list snapshots/: {error}</source><translation>无法列出 snapshots/：{error}</translation></message><message><source>cannot list: {error}</source><translation>无法列出：{error}</translation></message><message><source>a snapshot that is not a folder</source><translation>不是文件夹的快照</translation></message><message><source>a download in progress or left over: not a blob yet</source><translation>正在下载或遗留的下载：还不是 blob</translation></message><message><source>cannot read: {error}</source><translation>无法读取：{error}</translation></message><message><source>not a regular file</source><translation>不是普通文件</translation></message><message><source>a lock file an older huggingface_hub left among the blobs</source><translation>旧版 huggingface_hub 留在 blobs 中的锁文件</translation></message><message><source>a blob name that is not a hash</source><translation>blob 名称不是哈希</translation></message><message><source>cannot read the link: {error}</source><translation>无法读取链接：{error}</translation></message><message><source>a link that does not lead into the shared blob store (it leads to {target})</source><translation>不指向共享 blob 存储的链接（指向 {target}）</translation></message><message><source>links to the shared store payload {xet}…, which is missing</source><translation>链接到共享存储数据 {xet}…，但它已丢失</translation></message><message><source>the shared store payload {xet}… is not a regular file</source><translation>共享存储数据 {xet}… 不是普通文件</translation></message><message><source>a copy with no hash in trees/{commit}.json</source><translation>副本，且 trees/{commit}.json 中没有它的哈希</translation></message><message><source>a copy and no trees/&lt;commit&gt;.json</source><translation>副本，且没有 trees/&lt;commit&gt;.json</translation></message><message><source>links to blobs/{name}, which is missing</source><translation>链接到 blobs/{name}，但它已丢失</translation></message><message><source>a link that does not lead into blobs/ (it leads to {target})</source><translation>不指向 blobs/ 的链接（指向 {target}）</translation></message><message><source>a link or not a regular file</source><translation>链接或不是普通文件</translation></message><message><source>no hash in the file name</source><translation>文件名中没有哈希</translation></message><message><source>expected {algo} {expected}, got {actual}</source><translation>期望 {algo} {expected}，实际为 {actual}</translation></message><message><source>read error: {error}</source><translation>读取错误：{error}</translation></message><message><source>hfmanager's {what:word} folder {path} cannot be used: {probe}: {error}. Fix its permissions, or set {variable} to another folder.</source><translation>hfmanager 的{what:word}文件夹 {path} 无法使用：{probe}：{error}。请修正其权限，或将 {variable} 设为其他文件夹。</translation></message><message><source>hfmanager's {what:word} folder {path} is a file, not a folder. Move or delete that file, or set {variable} to a folder.</source><translation>hfmanager 的{what:word}文件夹 {path} 是一个文件，而不是文件夹。请移走或删除该文件，或将 {variable} 设为一个文件夹。</translation></message><message><source>hfmanager's {what:word} folder {path} cannot be created: {probe} is a file, not a folder. Move or delete that file, or set {variable} to a folder.</source><translation>无法创建 hfmanager 的{what:word}文件夹 {path}：{probe} 是一个文件，而不是文件夹。请移走或删除该文件，或将 {variable} 设为一个文件夹。</translation></message><message><source>Until then, changes are not saved and the download queue and history live in memory only.</source><translation>在此之前，更改不会保存，下载队列和历史只保存在内存中。</translation></message><message><source>{error} This session keeps its download queue and history in memory only.</source><translation>{error} 本次会话的下载队列和历史只保存在内存中。</translation></message><message><source>The app's database {path} could not be used ({reason}). It was moved aside to {aside} and a new one was started: the download history, verify cache and load-test history start empty.</source><translation>应用的数据库 {path} 无法使用（{reason}）。已将其移到 {aside}，并新建了一个：下载历史、校验缓存和试加载历史都从空开始。</translation></message><message><source>No interrupted download was found in {root} to put back in the queue; downloads that were only queued are lost with the database: add them again.</source><translation>在 {root} 中没有找到可放回队列的中断下载；仅在排队中的下载随数据库一起丢失了：请重新添加。</translation></message><message><source>{n} interrupted download(s) found in the cache were put back in the Downloads queue, paused: {names}{more:more}. Only the files that were in progress could be recovered (their other files, filters and queued jobs were lost with the database): resume them, or add the downloads again.</source><translation>在缓存中找到 {n} 个中断的下载，已放回“下载”队列并暂停：{names}{more:more}。只能恢复当时正在下载的文件（其他文件、筛选条件和排队任务已随数据库丢失）：请继续下载，或重新添加。</translation></message><message><source>The download queue could not be recovered from the cache {root} ({error}): add the downloads again.</source><translation>无法从缓存 {root} 恢复下载队列（{error}）：请重新添加下载。</translation></message><message><source>The settings could not be saved ({error}); changes last until the app closes.</source><translation>设置无法保存（{error}）；更改只在应用关闭前有效。</translation></message><message><source>The settings file {path} cannot be read ({why}); the defaults are used. Replace it with a regular file or remove it.</source><translation>无法读取设置文件 {path}（{why}）；使用默认设置。请把它换成普通文件，或删除它。</translation></message><message><source>it is not a JSON object</source><translation>它不是 JSON 对象</translation></message><message><source>The settings file {path} is not usable ({why}); it was kept as {bad} and the defaults are used.</source><translation>设置文件 {path} 无法使用（{why}）；已将其保留为 {bad}，并使用默认设置。</translation></message><message><source>The settings file {path} is not usable ({why}); it was left in place and the defaults are used.</source><translation>设置文件 {path} 无法使用（{why}）；它保留在原处，并使用默认设置。</translation></message><message><source>Setting '{name}' in {path} {problem}; the default is used.</source><translation>{path} 中的设置“{name}”{problem}；使用默认值。</translation></message><message><source>Setting '{name}' in {path} {problem}; the other entries are kept.</source><translation>{path} 中的设置“{name}”{problem}；其余条目保留。</translation></message><message><source>is {kind}, not text</source><translation>是{kind}，不是文本</translation></message><message><source>is longer than {n} characters</source><translation>超过 {n} 个字符</translation></message><message><source>contains control characters (a NUL byte or an escape)</source><translation>包含控制字符（NUL 字节或转义符）</translation></message><message><source>is {value}, not one of {choices}</source><translation>是 {value}，不是 {choices} 之一</translation></message><message><source>is {kind}, not a list of text</source><translation>是{kind}，不是文本列表</translation></message><message><source>has more than {n} entries</source><translation>有超过 {n} 个条目</translation></message><message><source>has {n} unusable entr(ies) (one {bad}), dropped</source><translation>有 {n} 个不可用的条目（其中一个{bad}），已丢弃</translation></message><message><source>is {value}, not true or false</source><translation>是 {value}，不是 true 或 false</translation></message><message><source>is {value}, not a whole number</source><translation>是 {value}，不是整数</translation></message><message><source>is {value}, outside {low}..{high}</source><translation>是 {value}，超出 {low}..{high}</translation></message><message><source>a number</source><translation>数字</translation></message><message><source>text</source><translation>文本</translation></message><message><source>a list</source><translation>列表</translation></message><message><source>an object</source><translation>对象</translation></message><message><source>Ready offline: {repo} at {revision} (commit {commit}) loads with HF_HUB_OFFLINE=1</source><translation>可离线使用：{repo} 在 {revision}（提交 {commit}）可在 HF_HUB_OFFLINE=1 下加载</translation></message><message><source>Not ready offline: {repo} at {revision} would fail with HF_HUB_OFFLINE=1 ({n} problem(s))</source><translation>无法离线使用：{repo} 在 {revision} 于 HF_HUB_OFFLINE=1 下会加载失败（{n} 个问题）</translation></message><message><source>{repo} is not in the cache {cache}: download it first</source><translation>{repo} 不在缓存 {cache} 中：请先下载</translation></message><message><source>No ref '{ref}' in the cache: offline, loaders cannot tell which snapshot '{ref}' means. Download the repo again, or pass the commit as revision</source><translation>缓存中没有引用“{ref}”：离线时加载器无法知道“{ref}”指哪个快照。请重新下载此仓库，或把提交哈希作为 revision 传入</translation></message><message><source>Ref '{ref}' has a newline or spaces around its commit hash: loaders cannot resolve it offline. Downloading the repo again repairs it</source><translation>引用“{ref}”的提交哈希前后有换行或空格：加载器离线时无法解析它。重新下载此仓库即可修复</translation></message><message><source>Ref '{ref}' cannot be read: {error}</source><translation>无法读取引用“{ref}”：{error}</translation></message><message><source>Ref '{ref}' points to commit {commit}, whose snapshot is not in the cache</source><translation>引用“{ref}”指向提交 {commit}，但缓存中没有它的快照</translation></message><message><source>'{file}' ({need:word}) is a broken link: its blob is missing</source><translation>“{file}”（{need:word}）是损坏的链接：它的 blob 已丢失</translation></message><message><source>'{file}' ({need:word}) was never downloaded: the commit's file list names it (a partial download)</source><translation>“{file}”（{need:word}）从未下载：此提交的文件列表中有它（部分下载）</translation></message><message><source>'{file}' ({need:word}) is needed, and the Hub said this commit has no such file (.no_exist)</source><translation>需要“{file}”（{need:word}），但 Hub 表示此提交没有这个文件（.no_exist）</translation></message><message><source>'{file}' ({need:word}) is needed, and the commit's file list does not name it</source><translation>需要“{file}”（{need:word}），但此提交的文件列表中没有它</translation></message><message><source>'{file}' ({need:word}) is not in the snapshot</source><translation>快照中没有“{file}”（{need:word}）</translation></message><message><source>'{file}' cannot be read: {error}</source><translation>无法读取“{file}”：{error}</translation></message><message><source>Shard index '{file}' has no weight_map</source><translation>分片索引“{file}”没有 weight_map</translation></message><message><source>Shard index '{index}' names an unsafe path '{file}'</source><translation>分片索引“{index}”列出了不安全的路径“{file}”</translation></message><message><source>No weights in '{folder}': none of {names} is in the snapshot</source><translation>“{folder}”中没有权重：快照中没有 {names} 中的任何一个</translation></message><message><source>No tokenizer files in '{folder}': a tokenizer needs tokenizer.json or its vocabulary ({names}...)</source><translation>“{folder}”中没有分词器文件：分词器需要 tokenizer.json 或其词表（{names} 等）</translation></message><message><source>Component '{component}' named by model_index.json is not in the snapshot</source><translation>model_index.json 列出的组件“{component}”不在快照中</translation></message><message><source>running as root via sudo (user {user}): this run's Hugging Face folder is {home}, not {user}'s {theirs}</source><translation>通过 sudo 以 root 身份运行（用户 {user}）：本次运行的 Hugging Face 文件夹是 {home}，而不是 {user} 的 {theirs}</translation></message><message><source>sudo dropped {user}'s HF_* variables and ~ is root's: loaders run like this do not see the models in {theirs} (and go online, or fail offline). Run `sudo -E ...`, or `sudo env HF_HUB_OFFLINE=1 HF_HOME={theirs} ...`, or keep them for good with the sudoers line: Defaults env_keep += "HF_HUB_OFFLINE HF_HOME HF_HUB_CACHE"</source><translation>sudo 丢弃了 {user} 的 HF_* 变量，且 ~ 指向 root 的主目录：这样运行的加载器看不到 {theirs} 中的模型（会联网，或在离线时失败）。请运行 `sudo -E &lt;命令&gt;`，或 `sudo env HF_HUB_OFFLINE=1 HF_HOME={theirs} &lt;命令&gt;`，或在 sudoers 中永久保留它们：Defaults env_keep += "HF_HUB_OFFLINE HF_HOME HF_HUB_CACHE"</translation></message><message><source>unknown repo type {type} (use model, dataset or space)</source><translation>未知的仓库类型 {type}（可用 model、dataset 或 space）</translation></message><message><source>invalid repo id: {repo}</source><translation>无效的仓库 ID：{repo}</translation></message><message><source>no repository in this URL: {url}</source><translation>这个网址中没有仓库：{url}</translation></message><message><source>not a Hub repository URL: {url}</source><translation>不是 Hub 仓库网址：{url}</translation></message><message><source>this URL names no file hfmanager can save: {url}</source><translation>这个网址没有指向 hfmanager 可以保存的文件：{url}</translation></message><message><source>not an http(s) URL: {url}</source><translation>不是 http(s) 网址：{url}</translation></message><message><source>a link</source><translation>链接</translation></message><message><source>a file</source><translation>文件</translation></message><message><source>a link (not followed)</source><translation>链接（未跟随）</translation></message><message><source>chosen in the app</source><translation>在应用中选择</translation></message><message><source>from HF_ENDPOINT</source><translation>来自 HF_ENDPOINT</translation></message><message><source>default</source><translation>默认</translation></message><message><source>set for this job</source><translation>为此任务设置</translation></message><message><source>on</source><translation>开启</translation></message><message><source>off</source><translation>关闭</translation></message><message><source>disabled</source><translation>已禁用</translation></message><message><source>available</source><translation>可用</translation></message><message><source>not installed</source><translation>未安装</translation></message><message><source>offline mode</source><translation>离线模式</translation></message><message><source>network test off</source><translation>网络测试已关闭</translation></message><message><source>data</source><translation>数据</translation></message><message><source>settings</source><translation>设置</translation></message><message><source>the config</source><translation>配置</translation></message><message><source>the weights</source><translation>权重</translation></message><message><source>the tokenizer</source><translation>分词器</translation></message><message><source>a shard the index names</source><translation>索引列出的分片</translation></message><message><source>a sentence-transformers module</source><translation>sentence-transformers 模块</translation></message><message><source>a diffusers component</source><translation>diffusers 组件</translation></message><message><source>{what} was not found on {endpoint}. Check the name and the repo type; if it is private or gated, request access on the Hub page, then log in with `hf auth login` (or set HF_TOKEN).</source><translation>在 {endpoint} 上找不到{what}。请检查名称和仓库类型；如果它是私有或受限仓库，请在 Hub 页面上申请访问，然后用 `hf auth login` 登录（或设置 HF_TOKEN）。</translation></message><message><source>{what}: this revision does not exist on {endpoint}.</source><translation>{what}：{endpoint} 上不存在这个版本。</translation></message><message><source>{what}: not found on {endpoint} (no such file or folder).</source><translation>{what}：在 {endpoint} 上找不到（没有这个文件或文件夹）。</translation></message><message><source>{what} is gated or private on {endpoint}: request access on the Hub page, then log in with `hf auth login` (or set HF_TOKEN).</source><translation>{what}在 {endpoint} 上是受限或私有的：请在 Hub 页面上申请访问，然后用 `hf auth login` 登录（或设置 HF_TOKEN）。</translation></message><message><source>{what}: access denied on {endpoint} (HTTP {status}). The repo may be gated or private: request access on the Hub page, then log in with `hf auth login` (or set HF_TOKEN). A mirror only gets your token when you allow it in Settings.</source><translation>{what}：{endpoint} 拒绝访问（HTTP {status}）。该仓库可能是受限或私有的：请在 Hub 页面上申请访问，然后用 `hf auth login` 登录（或设置 HF_TOKEN）。只有在“设置”中允许后，镜像站才会收到你的令牌。</translation></message><message><source>Offline mode is on (HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE or the app's switch), so nothing was asked from the Hub. Turn it off to go online or download.</source><translation>离线模式已开启（HF_HUB_OFFLINE、TRANSFORMERS_OFFLINE 或应用内开关），因此没有向 Hub 发出任何请求。关闭离线模式后即可联网或下载。</translation></message><message><source>Cannot reach {endpoint}: {detail}</source><translation>无法连接 {endpoint}：{detail}</translation></message><message><source>{what}: server error HTTP {status} from {endpoint}.</source><translation>{what}：{endpoint} 返回服务器错误 HTTP {status}。</translation></message><message><source>{what}: giving up after {attempts} attempts: {detail}</source><translation>{what}：尝试 {attempts} 次后放弃：{detail}</translation></message><message><source>{what}: the server keeps restarting the transfer.</source><translation>{what}：服务器不断重新开始传输。</translation></message><message><source>{what}: the server stopped sending data (under {min_rate} bytes/s for {window} s, {times} times in a row); the part already downloaded is kept, and a resume (from this or another endpoint) continues from it.</source><translation>{what}：服务器停止发送数据（连续 {times} 次在 {window} 秒内低于 {min_rate} 字节/秒）；已下载的部分会保留，继续下载（从这个或其他端点）时会接着下载。</translation></message><message><source>{what}: {endpoint} answered HTTP {status}.</source><translation>{what}：{endpoint} 返回 HTTP {status}。</translation></message><message><source>The server at {endpoint} sent {sent} hfmanager cannot read: field {field}: {problem}.</source><translation>{endpoint} 上的服务器发送了 hfmanager 无法读取的{sent}：字段 {field}：{problem}。</translation></message><message><source>{what}: {detail}</source><translation>{what}：{detail}</translation></message><message><source>{what}: refusing to request {url!r}{why}</source><translation>{what}：拒绝请求 {url!r}{why}</translation></message><message><source>{what}: too many redirects.</source><translation>{what}：重定向次数过多。</translation></message><message><source>The TLS certificate of {host} is not trusted ({detail}). If a company proxy or a self-hosted mirror uses its own certificate authority, point SSL_CERT_FILE at that CA's bundle and try again.</source><translation>{host} 的 TLS 证书不受信任（{detail}）。如果公司代理或自建镜像使用自己的证书颁发机构，请将 SSL_CERT_FILE 指向该 CA 的证书包后重试。</translation></message><message><source>{what}: the server sent bytes that do not match blob {etag} twice; the mirror may be corrupt or serving another revision.</source><translation>{what}：服务器两次发送的字节都与 blob {etag} 不符；镜像可能已损坏，或提供的是其他版本。</translation></message><message><source>{what}: the cache volume is full. Free some space, then resume: the partial download is kept.</source><translation>{what}：缓存所在的卷已满。请释放一些空间后继续下载：未完成的部分会保留。</translation></message><message><source>not enough free space in {cache}: {need} needed, {free} free. Free some space or choose fewer files.</source><translation>{cache} 中的可用空间不足：需要 {need}，可用 {free}。请释放一些空间或少选一些文件。</translation></message><message><source>{what}: the server announced {announced} bytes where the file list says {size}, so hfmanager refused it (the endpoint may serve another version of this file).</source><translation>{what}：服务器声称有 {announced} 字节，而文件列表中是 {size}，因此 hfmanager 拒绝了它（该端点提供的可能是此文件的其他版本）。</translation></message><message><source>{what}: the server's Content-Length ({length}) does not match its Content-Range ({first}-{last}), so hfmanager refused the answer.</source><translation>{what}：服务器的 Content-Length（{length}）与其 Content-Range（{first}-{last}）不符，因此 hfmanager 拒绝了该响应。</translation></message><message><source>{what}: the server sent the file compressed ({encoding!r}) although hfmanager asked for the plain bytes, so nothing of it was written (a proxy or mirror is rewriting downloads).</source><translation>{what}：hfmanager 请求的是原始字节，服务器却发送了压缩后的文件（{encoding!r}），因此没有写入任何内容（有代理或镜像在改写下载）。</translation></message><message><source>refusing to write at {where}: {detail} (a shared or damaged cache; remove it, or choose another cache folder).</source><translation>拒绝写入 {where}：{detail}（缓存是共享的或已损坏；请删除它，或选择其他缓存文件夹）。</translation></message><message><source>{what}: connection ended early at byte {offset}.</source><translation>{what}：连接在第 {offset} 字节处提前结束。</translation></message><message><source>{what}: the server sent more than the range asked for.</source><translation>{what}：服务器发送的内容超出了请求的范围。</translation></message><message><source>{what}: unexpected answer (HTTP {status}) to a range request.</source><translation>{what}：对范围请求的意外响应（HTTP {status}）。</translation></message><message><source>{stopped}</source><translation>{stopped}</translation></message><message><source>{what}: another process changed the cache during the download ({detail}). Nothing is reported as verified: run the download again.</source><translation>{what}：下载期间另一个进程修改了缓存（{detail}）。没有任何文件被报告为已校验：请重新下载。</translation></message><message><source>download paused</source><translation>下载已暂停</translation></message><message><source>download cancelled</source><translation>下载已取消</translation></message><message><source>download stopped because the app is shutting down (it resumes at the next start)</source><translation>下载因应用正在关闭而停止（下次启动时继续）</translation></message></context>
<context>
    <name>NetworkIndicator</name>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="71" />
        <source>{0} · Offline</source>
        <translation>{0} · 离线</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="76" />
        <source>{0} · Not checked</source>
        <translation>{0} · 未检查</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="80" />
        <source>{0} · Online</source>
        <translation>{0} · 在线</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="84" />
        <source>{0} · Not reachable</source>
        <translation>{0} · 不可达</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="89" />
        <source>the app's switch</source>
        <translation>应用内开关</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="91" />
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="90" />
        <source>settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="90" />
        <source>environment</source>
        <translation>环境变量 HF_ENDPOINT</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="91" />
        <source>job</source>
        <translation>此任务</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="92" />
        <source>not checked yet: Environment &gt; Test endpoint</source>
        <translation>尚未检查：环境 &gt; 测试端点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="93" />
        <source>answered</source>
        <translation>有响应</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="93" />
        <source>did not answer</source>
        <translation>无响应</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="94" />
        <source>Endpoint: {0} ({1})
Offline: {2} {3}
Last check: {4}
Click for details.</source>
        <translation>端点：{0}（{1}）
离线：{2} {3}
上次检查：{4}
点击查看详情。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="97" />
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/network_indicator.py" line="97" />
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>OfflinePanel</name>
    <message>
        <location filename="../../hfmanager/ui/views/offline_panel.py" line="64" />
        <source>Download the missing files</source>
        <translation>下载缺少的文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/offline_panel.py" line="71" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/offline_panel.py" line="72" />
        <source>Copy the snippet to the clipboard</source>
        <translation>将代码片段复制到剪贴板</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/offline_panel.py" line="86" />
        <source>Use it offline:</source>
        <translation>离线使用方法：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/offline_panel.py" line="106" />
        <source>Select a model to see whether it loads offline.</source>
        <translation>选择一个模型，查看它能否离线加载。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/offline_panel.py" line="123" />
        <source>{n} problem(s) cannot be fixed by downloading files by name: see the list.</source>
        <translation>有 {n} 个问题无法通过按名称下载文件来解决：见列表。</translation>
    </message>
<message><source>Use offline</source><translation>离线使用</translation></message></context>
<context>
    <name>PythonPicker</name>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="47" />
        <source>Add...</source>
        <translation>添加…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="48" />
        <source>Pick a python executable (a venv or conda env)</source>
        <translation>选择一个 Python 解释器（venv 或 conda 环境）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="67" />
        <source>this app</source>
        <translation>本应用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="67" />
        <source>added by you</source>
        <translation>你添加的</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="69" />
        <source>{name} ({source})</source>
        <translation>{name}（{source}）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="92" />
        <source>Choose a Python interpreter</source>
        <translation>选择 Python 解释器</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="104" />
        <source>Checking {path}...</source>
        <translation>正在检查 {path}…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="123" />
        <source>Python {version}: torch is not installed here, so a test load cannot run in it. Install it into this Python ({command}), or pick one that has it.</source>
        <translation>Python {version}：这里没有安装 torch，无法在其中试加载。请把 torch 装进这个 Python（{command}），或选择一个已安装 torch 的 Python。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="129" />
        <source>Python {version} · torch {torch} · transformers {tf}</source>
        <translation>Python {version} · torch {torch} · transformers {tf}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_python.py" line="131" />
        <source>not installed</source>
        <translation>未安装</translation>
    </message>
</context>
<context>
    <name>ReconcileDialog</name>
    <message>
        <location filename="../../hfmanager/ui/dialogs/reconcile_dialog.py" line="37" />
        <source>Reconcile with the Hub</source>
        <translation>与 Hub 核对</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/reconcile_dialog.py" line="41" />
        <source>%1 has a local revision %2, imported without the Hub. Check its files against the Hub's commits: when the Hub has them all, its commit replaces the local revision.</source>
        <translation>%1 有一个未经 Hub 核对而导入的本地版本 %2。将其文件与 Hub 的提交核对：Hub 上全部都有时，用该提交替换本地版本。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/reconcile_dialog.py" line="48" />
        <source>Revision:</source>
        <translation>版本：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/reconcile_dialog.py" line="51" />
        <source>&amp;Reconcile</source>
        <translation>核对(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/reconcile_dialog.py" line="65" />
        <source>Checking %p%</source>
        <translation>正在核对 %p%</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/reconcile_dialog.py" line="72" />
        <source>The local revision stays: %1</source>
        <translation>本地版本保留：%1</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/dialogs/reconcile_dialog.py" line="79" />
        <source>The local revision stays: the Hub does not have all of its files.</source>
        <translation>本地版本保留：Hub 上没有它的全部文件。</translation>
    </message>
</context>
<context>
    <name>RepoDetails</name>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="54" />
        <source>(detached)</source>
        <translation>（游离）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="80" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="80" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="81" />
        <source>Space</source>
        <translation>空间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="82" />
        <source>Select a repo to see its revisions and files.</source>
        <translation>选择一个仓库以查看它的版本和文件。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="102" />
        <source>&amp;Revision:</source>
        <translation>版本(&amp;R)：</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="144" />
        <source>Download the rest</source>
        <translation>下载其余文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="126" />
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="127" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="206" />
        <source>1 revision</source>
        <translation>1 个版本</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="206" />
        <source>{n} revisions</source>
        <translation>{n} 个版本</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="207" />
        <source>{type} · {size} · {revisions}</source>
        <translation>{type} · {size} · {revisions}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="222" />
        <source>Detached: no branch or tag points here</source>
        <translation>游离：没有分支或标签指向这里</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="234" />
        <source>torch hub · {size}</source>
        <translation>torch hub · {size}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/repo_details.py" line="259" />
        <source>Partial snapshot: {n} of {m} files of this commit are cached.</source>
        <translation>不完整的快照：此提交的 {m} 个文件中已缓存 {n} 个。</translation>
    </message>
</context>
<context>
    <name>ReposModel</name>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="62" />
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="62" />
        <source>Repo</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="62" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="63" />
        <source>Revisions</source>
        <translation>版本数</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="63" />
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="63" />
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="64" />
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="65" />
        <source>1 problem</source>
        <translation>1 个问题</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="66" />
        <source>{n} problems</source>
        <translation>{n} 个问题</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="67" />
        <source>Partial {n}/{m}</source>
        <translation>部分 {n}/{m}</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="71" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="72" />
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="73" />
        <source>Space</source>
        <translation>空间</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="132" />
        <source>{n} bytes</source>
        <translation>{n} 字节</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="135" />
        <source>{size} of it is in the shared blob store, counted once in the total however many repos use it</source>
        <translation>其中 {size} 位于共享 blob 存储，无论多少仓库使用，在总量中只计一次</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/repos_model.py" line="139" />
        <source>Last used {used}
Last modified {modified}</source>
        <translation>上次使用 {used}
上次修改 {modified}</translation>
    </message>
</context>
<context>
    <name>RuntimeEstimateBox</name>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_runtime.py" line="44" />
        <source>Not counted</source>
        <translation>不计算</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_runtime.py" line="45" />
        <source> tokens</source>
        <translation> 个 token</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_runtime.py" line="46" />
        <source>Count the KV cache and activations for this many tokens (batch 1)</source>
        <translation>按这么多 token 计算 KV 缓存和激活值（批大小 1）</translation>
    </message>
</context>
<context>
    <name>StateNotices</name>
    <message>
        <location filename="../../hfmanager/ui/notices.py" line="68" />
        <source>⚠ &lt;a href="#"&gt;{n} problem(s) with hfmanager's own files&lt;/a&gt;</source>
        <translation>⚠ &lt;a href="#"&gt;hfmanager 自身文件有 {n} 个问题&lt;/a&gt;</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/notices.py" line="88" />
        <source>hfmanager</source>
        <translation>hfmanager</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/notices.py" line="89" />
        <source>Some of hfmanager's own files were broken or could not be used. The app repaired what it could and opened anyway:</source>
        <translation>hfmanager 自身的部分文件已损坏或无法使用。程序已尽量修复，并照常启动：</translation>
    </message>
</context>
<context>
    <name>Theme</name>
    <message>
        <location filename="../../hfmanager/ui/theme.py" line="219" />
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/theme.py" line="221" />
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/theme.py" line="222" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/theme.py" line="223" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
</context>
<context>
    <name>TorchModel</name>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="32" />
        <source>Kind</source>
        <translation>种类</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="32" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="32" />
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="33" />
        <source>Last used</source>
        <translation>上次使用</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="33" />
        <source>Health</source>
        <translation>健康状况</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="34" />
        <source>Checkpoint</source>
        <translation>检查点</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="35" />
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="80" />
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="81" />
        <source>1 problem</source>
        <translation>1 个问题</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/torch_model.py" line="81" />
        <source>{n} problems</source>
        <translation>{n} 个问题</translation>
    </message>
</context>
<context>
    <name>TransferActions</name>
    <message>
        <location filename="../../hfmanager/ui/views/transfer_actions.py" line="102" />
        <source>&amp;Import folder...</source>
        <translation>导入文件夹(&amp;I)…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/transfer_actions.py" line="105" />
        <source>Put a folder of downloaded files into the cache</source>
        <translation>把下载好的文件夹放进缓存</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/transfer_actions.py" line="116" />
        <source>Export snapshot...</source>
        <translation>导出快照…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/transfer_actions.py" line="129" />
        <source>Reconcile with the Hub...</source>
        <translation>与 Hub 核对…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/transfer_actions.py" line="131" />
        <source>Check the files of this local revision against the Hub's commits and take the commit they are</source>
        <translation>将这个本地版本的文件与 Hub 的提交核对，并采用它们所属的提交</translation>
    </message>
</context>
<context>
    <name>VerifyPanel</name>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="42" />
        <source>Verify files (offline, against their hashes)</source>
        <translation>校验文件（离线，比对哈希）</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="57" />
        <source>Verify &amp;all</source>
        <translation>全部校验(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="59" />
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="61" />
        <source>Delete corrupt file…</source>
        <translation>删除损坏的文件…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="63" />
        <source>Download again</source>
        <translation>重新下载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="67" />
        <source>Not verified yet.</source>
        <translation>尚未校验。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="91" />
        <source>Verifying {0} repo(s)…</source>
        <translation>正在校验 {0} 个仓库…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="99" />
        <source>Verifying every cached file…</source>
        <translation>正在校验所有缓存文件…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="139" />
        <source>{0} OK, {1} corrupt, {2} unverifiable, {3} errors; hashed {4} in {5:.1f} s</source>
        <translation>{0} 个正常，{1} 个损坏，{2} 个无法校验，{3} 个错误；{5:.1f} 秒内计算了 {4} 的哈希</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="147" />
        <source>{0} damaged file(s) in the shared blob store, used by {1} repo(s).</source>
        <translation>共享 blob 存储中有 {0} 个损坏的文件，被 {1} 个仓库使用。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="150" />
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/verify_panel.py" line="156" />
        <source>Verification failed: {0}</source>
        <translation>校验失败：{0}</translation>
    </message>
</context>
<context>
    <name>VerifyResultsModel</name>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="135" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="135" />
        <source>Repo</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="135" />
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="136" />
        <source>Expected</source>
        <translation>期望值</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="136" />
        <source>Actual</source>
        <translation>实际值</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="158" />
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="158" />
        <source>Corrupt</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="159" />
        <source>Unverifiable</source>
        <translation>无法校验</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/models/cleanup_model.py" line="160" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
</context>
<context>
    <name>fmt</name>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="24" />
        <source>1 minute ago</source>
        <translation>1 分钟前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="25" />
        <source>{n} minutes ago</source>
        <translation>{n} 分钟前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="26" />
        <source>1 hour ago</source>
        <translation>1 小时前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="27" />
        <source>{n} hours ago</source>
        <translation>{n} 小时前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="28" />
        <source>1 day ago</source>
        <translation>1 天前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="29" />
        <source>{n} days ago</source>
        <translation>{n} 天前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="30" />
        <source>1 month ago</source>
        <translation>1 个月前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="31" />
        <source>{n} months ago</source>
        <translation>{n} 个月前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="32" />
        <source>1 year ago</source>
        <translation>1 年前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="33" />
        <source>{n} years ago</source>
        <translation>{n} 年前</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="44" />
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/fmt.py" line="55" />
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>panel</name>
    <message>
        <location filename="../../hfmanager/ui/views/loadtest_panel.py" line="379" />
        <source>Test load</source>
        <translation>试加载</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/offline_panel.py" line="155" />
        <source>Use offline</source>
        <translation>离线使用</translation>
    </message>
</context>
<context>
    <name>view</name>
    <message>
        <location filename="../../hfmanager/ui/views/environment_view.py" line="361" />
        <source>Environment</source>
        <translation>环境</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="263" />
        <source>Cleanup</source>
        <translation>清理</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="290" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="300" />
        <source>Delete revision {0}…</source>
        <translation>删除版本 {0}…</translation>
    </message>
    <message>
        <location filename="../../hfmanager/ui/views/cleanup_view.py" line="307" />
        <source>Verify files</source>
        <translation>校验文件</translation>
    </message>
</context>
<context><name>LoadTest</name><message><source>Starting</source><translation>正在启动</translation></message><message><source>Reading config</source><translation>正在读取配置</translation></message><message><source>Building</source><translation>正在构建</translation></message><message><source>Loading weights</source><translation>正在加载权重</translation></message><message><source>Measuring</source><translation>正在测量</translation></message><message><source>unknown</source><translation>未知</translation></message><message><source>Fits: needs about {need} of {free} free.</source><translation>可以容纳：约需 {need}，可用 {free}。</translation></message><message><source>Tight: needs about {need} of {free} free (over 85%).</source><translation>偏紧：约需 {need}，可用 {free}（超过 85%）。</translation></message><message><source>Will not fit: needs about {need}, only {free} free.</source><translation>放不下：约需 {need}，仅剩 {free} 可用。</translation></message><message><source>Needs about {need}; free memory unknown.</source><translation>约需 {need}；可用内存未知。</translation></message><message><source>{spec}: {name} ({free} free)</source><translation>{spec}：{name}（可用 {free}）</translation></message><message><source>pid {pid} {name}: {used}</source><translation>pid {pid} {name}：{used}</translation></message><message><source>Parameters: {params}  ·  stored: {stored}</source><translation>参数量：{params}  ·  存储：{stored}</translation></message><message><source>Weights as {dtype}: {size}</source><translation>按 {dtype} 计的权重：{size}</translation></message><message><source>+ CUDA context: about {size} (an approximation; it varies by GPU and driver)</source><translation>+ CUDA 上下文：约 {size}（近似值；随 GPU 和驱动而不同）</translation></message><message><source>Approximate: pickle weights are sized without unpickling them.</source><translation>近似值：pickle 权重的大小未经反序列化估算。</translation></message><message><source>Figure</source><translation>指标</translation></message><message><source>Estimate</source><translation>估算</translation></message><message><source>Measured</source><translation>实测</translation></message><message><source>Class / strategy</source><translation>类 / 加载方式</translation></message><message><source>Parameters</source><translation>参数量</translation></message><message><source>Trainable</source><translation>可训练参数</translation></message><message><source>Parameter bytes by dtype</source><translation>各数据类型的参数字节数</translation></message><message><source>Buffer bytes by dtype</source><translation>各数据类型的缓冲区字节数</translation></message><message><source>Weights in memory</source><translation>内存中的权重</translation></message><message><source>GPU allocated</source><translation>GPU 已分配</translation></message><message><source>GPU peak allocated</source><translation>GPU 峰值分配</translation></message><message><source>GPU reserved</source><translation>GPU 已保留</translation></message><message><source>GPU process total (NVML, with context)</source><translation>GPU 进程总占用（NVML，含上下文）</translation></message><message><source>weights + about {ctx}</source><translation>权重 + 约 {ctx}</translation></message><message><source>Host memory (anonymous RSS)</source><translation>主机内存（匿名 RSS）</translation></message><message><source>{total} (+{delta} for the load)</source><translation>{total}（加载占用 +{delta}）</translation></message><message><source>Load time</source><translation>加载用时</translation></message><message><source>Read throughput</source><translation>读取吞吐量</translation></message><message><source>{rate}/s</source><translation>{rate}/s</translation></message><message><source>Missing keys</source><translation>缺失的键</translation></message><message><source>Unexpected keys</source><translation>多余的键</translation></message><message><source>none</source><translation>无</translation></message><message><source>Note</source><translation>备注</translation></message><message><source>When</source><translation>时间</translation></message><message><source>Device</source><translation>设备</translation></message><message><source>Data type</source><translation>数据类型</translation></message><message><source>Memory</source><translation>内存</translation></message><message><source>Outcome</source><translation>结果</translation></message><message><source>loaded: {cls}, {n} params</source><translation>已加载：{cls}，{n} 个参数</translation></message><message><source>failed: {message}</source><translation>失败：{message}</translation></message><message><source>A library the load needs is missing</source><translation>缺少加载所需的库</translation></message><message><source>This repo needs its own Python code (trust_remote_code)</source><translation>此仓库需要运行它自带的 Python 代码（trust_remote_code）</translation></message><message><source>Refused: the weights file asks to run code</source><translation>已拒绝：权重文件要求运行代码</translation></message><message><source>The weights file holds no state dict</source><translation>权重文件中没有 state dict</translation></message><message><source>No weights file found</source><translation>未找到权重文件</translation></message><message><source>Out of GPU memory</source><translation>GPU 显存不足</translation></message><message><source>Out of host memory</source><translation>主机内存不足</translation></message><message><source>The snapshot cannot be loaded as it is</source><translation>此快照无法直接加载</translation></message><message><source>The load request was refused</source><translation>加载请求被拒绝</translation></message><message><source>The load failed</source><translation>加载失败</translation></message><message><source>{headline}: {message}</source><translation>{headline}：{message}</translation></message><message><source>The chosen device is not available to this Python</source><translation>所选设备在这个 Python 中不可用</translation></message><message><source>Quantization needs a CUDA GPU and bitsandbytes</source><translation>量化需要 CUDA GPU 和 bitsandbytes</translation></message><message><source>Smoke pass</source><translation>试运行</translation></message><message><source>flash_attention_2 needs a CUDA GPU and flash_attn</source><translation>flash_attention_2 需要 CUDA GPU 和 flash_attn</translation></message><message><source>The class given cannot be imported</source><translation>无法导入所给的类</translation></message><message><source>The class given cannot be built from this config</source><translation>无法用此配置构建所给的类</translation></message><message><source>accelerate is not installed: loaded on the CPU, then moved</source><translation>未安装 accelerate：先加载到 CPU，再移到设备上</translation></message><message><source>diffusers is not installed: loading the raw state dicts instead</source><translation>未安装 diffusers：改为加载原始 state dict</translation></message><message><source>sentence-transformers is not installed: falling back</source><translation>未安装 sentence-transformers：使用后备方式</translation></message><message><source>timm is not installed: loading the raw state dict instead</source><translation>未安装 timm：改为加载原始 state dict</translation></message><message><source>transformers is not installed: loading the raw state dict instead</source><translation>未安装 transformers：改为加载原始 state dict</translation></message><message><source>config.json names no transformers model (PyTorchModelHubMixin-style or custom): loading the raw state dict</source><translation>config.json 未指明 transformers 模型（PyTorchModelHubMixin 风格或自定义）：加载原始 state dict</translation></message><message><source>device map auto: only the CPU is visible here, so the whole model loaded on the CPU</source><translation>设备映射 auto：这里只能看到 CPU，因此整个模型加载到了 CPU 上</translation></message><message><source>device map names only the CPU: the whole model loaded on the CPU</source><translation>设备映射只列出了 CPU：整个模型加载到了 CPU 上</translation></message><message><source>low_cpu_mem_usage: transformers 5 always loads this way; the flag changes nothing</source><translation>low_cpu_mem_usage：transformers 5 总是这样加载；此选项不起作用</translation></message><message><source>a raw state dict has no forward pass; name its class with --class module:Name</source><translation>原始 state dict 没有前向计算；请用 --class module:Name 指定它的类</translation></message><message><source>diffusers pipelines are not run by the smoke pass</source><translation>试运行不运行 diffusers 管线</translation></message><message><source>Placed on</source><translation>放置位置</translation></message><message><source>Device map</source><translation>设备映射</translation></message><message><source>Quantization</source><translation>量化</translation></message><message><source>Attention</source><translation>注意力实现</translation></message><message><source>not run: {why}</source><translation>未运行：{why}</translation></message><message><source>generated {n} tokens</source><translation>生成了 {n} 个 token</translation></message><message><source>{what} from {n} input tokens: output {shape}</source><translation>{what}，输入 {n} 个 token：输出 {shape}</translation></message><message><source>Smoke pass time</source><translation>试运行用时</translation></message><message><source>{seconds} s, {rate} tokens/s</source><translation>{seconds} 秒，{rate} token/秒</translation></message><message><source>GPU {gpu}, host {host}</source><translation>GPU {gpu}，主机 {host}</translation></message><message><source>Smoke pass peak memory</source><translation>试运行峰值内存</translation></message><message><source>Generated text</source><translation>生成的文本</translation></message><message><source>fits</source><translation>可以容纳</translation></message><message><source>tight (over 85%)</source><translation>偏紧（超过 85%）</translation></message><message><source>will not fit</source><translation>放不下</translation></message><message><source>free memory unknown</source><translation>可用内存未知</translation></message><message><source>No run-time estimate: {error}</source><translation>无运行时估算：{error}</translation></message><message><source>Weights ({mode}): {size}; kept unquantized: {kept}</source><translation>权重（{mode}）：{size}；保持不量化：{kept}</translation></message><message><source>KV cache at {n} tokens: {size} ({layers} layers, {heads} KV heads, head dim {dim})</source><translation>{n} 个 token 的 KV 缓存：{size}（{layers} 层，{heads} 个 KV 头，头维度 {dim}）</translation></message><message><source>Activations, batch 1 (rough bound): {size}</source><translation>激活值，批大小 1（粗略上限）：{size}</translation></message><message><source>{device}: &lt;b style='color:{color}'&gt;{status}&lt;/b&gt;: needs {need} of {free} free</source><translation>{device}：&lt;b style='color:{color}'&gt;{status}&lt;/b&gt;：需要 {need}，可用 {free}</translation></message><message><source>Weights with the options</source><translation>按所选选项的权重</translation></message><message><source>KV cache at {n} tokens</source><translation>{n} 个 token 的 KV 缓存</translation></message><message><source>Peak during the pass</source><translation>前向计算期间的峰值</translation></message><message><source>KV cache at {n} tokens (the pass)</source><translation>试运行的 {n} 个 token 的 KV 缓存</translation></message><message><source>Peak during the pass (GPU allocated)</source><translation>试运行期间的峰值（GPU 已分配）</translation></message><message><source>Peak during the pass (weights + host memory the pass added)</source><translation>试运行期间的峰值（权重 + 试运行新增的主机内存）</translation></message><message><source>Peak during the pass (process, with Python and libraries)</source><translation>试运行期间的峰值（整个进程，含 Python 和库）</translation></message><message><source>not measured</source><translation>未实测</translation></message><message><source>Options</source><translation>选项</translation></message><message><source>Measured / estimated</source><translation>实测 / 估算</translation></message><message><source>weights</source><translation>权重</translation></message><message><source>KV cache</source><translation>KV 缓存</translation></message><message><source>peak</source><translation>峰值</translation></message><message><source>{figure} x{mean} over {n} runs</source><translation>{figure} x{mean}（{n} 次运行）</translation></message><message><source>Estimate error for {arch} (measured / estimated, all runs): {figures}</source><translation>{arch} 的估算误差（实测 / 估算，全部运行）：{figures}</translation></message><message><source>Quantization applies to transformers models only</source><translation>量化只适用于 transformers 模型</translation></message></context></TS>