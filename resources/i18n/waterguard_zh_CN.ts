<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <source>{0} is a SQLite store: it needs no set-up; each desk's --role is enforced when it opens the file (viewer read-only, dispatcher limited).</source>
        <translation>{0} 是 SQLite 数据库，无需设置；各席位打开文件时即按 --role 限制权限（查看者只读，调度员受限）。</translation>
    </message>
    <message>
        <source>Cannot set up roles on {0} (run it as the owner of the database, with CREATEROLE): {1}</source>
        <translation>无法在 {0} 上设置角色（请以数据库所有者身份并具备 CREATEROLE 权限运行）：{1}</translation>
    </message>
    <message>
        <source>Roles ready on {0}: {1} ({2} tables granted).
Create a login per desk, e.g.: CREATE ROLE desk1 LOGIN PASSWORD '…' IN ROLE waterguard_dispatcher;</source>
        <translation>{0} 上的角色已就绪：{1}（已授权 {2} 张表）。
请为每个席位创建登录用户，例如：CREATE ROLE desk1 LOGIN PASSWORD '…' IN ROLE waterguard_dispatcher;</translation>
    </message>
    <message>
        <source>Store: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>PostgreSQL roles set up: {0}</source>
        <translation>PostgreSQL 角色已设置：{0}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no (run roles --setup)</source>
        <translation>否（请运行 roles --setup）</translation>
    </message>
    <message>
        <source>everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>nothing (read only)</source>
        <translation>无（只读）</translation>
    </message>
    <message>
        <source>Event: none (run 'python app.py demo' for the demo event)</source>
        <translation>活动：无（运行 'python app.py demo' 生成演示活动）</translation>
    </message>
    <message>
        <source>Event: {0} ({1} – {2})</source>
        <translation>活动：{0}（{1} – {2}）</translation>
    </message>
    <message>
        <source>The store {0} already holds data; use --force to wipe it and write the demo.</source>
        <translation>数据库 {0} 中已有数据；使用 --force 清空后写入演示数据。</translation>
    </message>
    <message>
        <source>Cannot load the demo: {0}</source>
        <translation>无法加载演示数据：{0}</translation>
    </message>
    <message>
        <source>Demo event written to {0} in {1} s.</source>
        <translation>演示活动已写入 {0}，用时 {1} 秒。</translation>
    </message>
    <message>
        <source>Map data © OpenStreetMap contributors (ODbL); the pipe network is derived from the streets, not real.</source>
        <translation>地图数据 © OpenStreetMap 贡献者（ODbL）；管网由街道推算生成，并非真实管网。</translation>
    </message>
    <message>
        <source>Patrol patches</source>
        <extracomment>Above this many pipes the network is drawn as pre-rendered image tiles (a city's 500k pipes as GeoJSON are 215 MB that no browser draws). Requirement rules whose pipes stay vectors (with popups) on a tiled network.</extracomment>
        <translation>巡检管片</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Key areas</source>
        <translation>重点区域</translation>
    </message>
    <message>
        <source>Construction sites</source>
        <translation>施工工地</translation>
    </message>
    <message>
        <source>Contractor</source>
        <translation>施工单位</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Venues</source>
        <translation>会场</translation>
    </message>
    <message>
        <source>Residences</source>
        <translation>驻地</translation>
    </message>
    <message>
        <source>Key units</source>
        <translation>重点单位</translation>
    </message>
    <message>
        <source>Pipes by requirement</source>
        <translation>管线（按巡检要求）</translation>
    </message>
    <message>
        <source>DN (mm)</source>
        <translation>管径 DN（毫米）</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>道路</translation>
    </message>
    <message>
        <source>Requirement</source>
        <translation>巡检要求</translation>
    </message>
    <message>
        <source>Motorcade routes</source>
        <translation>车队路线</translation>
    </message>
    <message>
        <source>Important users</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Crew</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Open repairs</source>
        <translation>未结抢修</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>Why this level</source>
        <translation>定级原因</translation>
    </message>
    <message>
        <source>Situation map — {0}</source>
        <translation>态势图 — {0}</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <source>No drills in the store.</source>
        <translation>数据库中没有演练。</translation>
    </message>
    <message>
        <source>There is no drill DR{0}.</source>
        <translation>没有演练 DR{0}。</translation>
    </message>
    <message>
        <source>Wiped drill(s) {0}: {1} rows, {2} vehicle positions, {3} patrol fixes</source>
        <translation>已清除演练 {0}：数据 {1} 行，车辆定位 {2} 条，巡检轨迹点 {3} 个</translation>
    </message>
    <message>
        <source>drill: {0}</source>
        <translation>drill：{0}</translation>
    </message>
    <message>
        <source>drill: --speed must be 0 or more</source>
        <translation>drill：--speed 不能小于 0</translation>
    </message>
    <message>
        <source>Drill {0} on {1}: {2} devices ({3} on foot, {4} vehicles), {5} people, {6} crew</source>
        <translation>演练 {0}（{1}）：定位终端 {2} 台（徒步 {3}，车辆 {4}），人员 {5} 人，抢修人员 {6} 人</translation>
    </message>
    <message>
        <source>Drill {0} {1}: {2} simulated hours in {3} s, {4} positions stored</source>
        <translation>演练 {0} {1}：模拟 {2} 小时，用时 {3} 秒，已存定位 {4} 条</translation>
    </message>
    <message>
        <source>After-action report: python app.py report --date {0} --out FILE.pdf</source>
        <translation>复盘报告：python app.py report --date {0} --out 文件.pdf</translation>
    </message>
    <message>
        <source>Remove the drill: python app.py drill --wipe</source>
        <translation>清除演练数据：python app.py drill --wipe</translation>
    </message>
    <message>
        <source>No event in the store: run 'python app.py demo' or import one first.</source>
        <extracomment>The pipes' columns in the segment layers. Pipes per chunk of the segment layers: a city's half a million pipes (and their requirement rows) are never held whole (written whole, the export of a 500,000-pipe city peaked at 1.1 GB).
----------
Patches when neither stored patches nor patrol teams say how many.</extracomment>
        <translation>数据库中没有活动：请先运行 'python app.py demo' 或导入活动。</translation>
    </message>
    <message>
        <source>The drill would end ({0}) before it starts ({1}).</source>
        <translation>演练结束时间（{0}）早于开始时间（{1}）。</translation>
    </message>
    <message>
        <source>{0} already holds {1} patrol fixes and {2} vehicle positions of the real event; a drill simulates a day of its own: choose another --date.</source>
        <translation>{0} 已有真实保障的巡检轨迹点 {1} 个、车辆定位 {2} 条；演练须模拟单独的一天：请另选日期（--date）。</translation>
    </message>
    <message>
        <source>Drill {0} already simulated {1}: wipe it first (python app.py drill --wipe) or choose another --date.</source>
        <translation>演练 {0} 已模拟过 {1}：请先清除（python app.py drill --wipe）或另选日期（--date）。</translation>
    </message>
    <message>
        <source>There is no drill to wipe.</source>
        <extracomment>Tables a drill's flushes are not ledgered for: change markers must never go backwards (desks watch their max id), and the ledger does not list itself.</extracomment>
        <translation>没有可清除的演练。</translation>
    </message>
    <message>
        <source>There is no drill {0}.</source>
        <translation>没有演练 {0}。</translation>
    </message>
    <message>
        <source>The drill cannot be wiped: a row of the real event refers to one of its rows ({0}). Nothing was deleted.</source>
        <translation>无法清除演练：真实保障的数据引用了演练数据（{0}）。未删除任何数据。</translation>
    </message>
    <message>
        <source>export: a CSV file holds one table: give --table repairs or --table action-items</source>
        <translation>export：CSV 文件只能保存一张表，请指定 --table repairs 或 --table action-items</translation>
    </message>
    <message>
        <source>export: --out must end in .gpkg, .xlsx or .csv, not {0}</source>
        <translation>export：--out 必须以 .gpkg、.xlsx 或 .csv 结尾，而不是 {0}</translation>
    </message>
    <message>
        <source>Cannot write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>Written {0}</source>
        <translation>已写入 {0}</translation>
    </message>
    <message>
        <source>Wrote {0} ({1:,} bytes)</source>
        <translation>已写入 {0}（{1:,} 字节）</translation>
    </message>
    <message>
        <source>Import failed, nothing stored: {0}</source>
        <translation>导入失败，未写入任何数据：{0}</translation>
    </message>
    <message>
        <source>{0} was already imported as {1} on {2} ({3} rows, as {4}); nothing done. Use --on-repeat replace to replace that import, or --on-repeat add to import it again.</source>
        <translation>{0} 已于 {2} 作为 {1} 导入过（{3} 行，文件名 {4}），本次未做任何改动。要替换那次导入请加 --on-repeat replace，要再导入一份请加 --on-repeat add。</translation>
    </message>
    <message>
        <source>points</source>
        <extracomment>Kinds on the command line (hyphenated) → store kinds; plus epanet and tracks. Spreadsheet kinds (CSV/XLSX) and street lines, handled by services.sheets / services.streets. Errors listed in the human output (all of them go into --json).</extracomment>
        <translation>点</translation>
    </message>
    <message>
        <source>Imported {0} {1} from {2} ({3} rejected)</source>
        <translation>已从 {2} 导入 {0} 个{1}（拒收 {3} 个）</translation>
    </message>
    <message>
        <source>nodes</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>pipes</source>
        <translation>管段</translation>
    </message>
    <message>
        <source>network features</source>
        <translation>网络要素</translation>
    </message>
    <message>
        <source>valves</source>
        <translation>阀门</translation>
    </message>
    <message>
        <source>water sources</source>
        <translation>水源</translation>
    </message>
    <message>
        <source>hydrants</source>
        <translation>消火栓</translation>
    </message>
    <message>
        <source>venues</source>
        <translation>场馆</translation>
    </message>
    <message>
        <source>residences</source>
        <translation>驻地</translation>
    </message>
    <message>
        <source>key units</source>
        <translation>重点单位</translation>
    </message>
    <message>
        <source>routes</source>
        <translation>线路</translation>
    </message>
    <message>
        <source>construction sites</source>
        <translation>施工点</translation>
    </message>
    <message>
        <source>key roads</source>
        <translation>重点道路</translation>
    </message>
    <message>
        <source>key areas</source>
        <translation>重点区域</translation>
    </message>
    <message>
        <source>important users</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>leak survey points</source>
        <translation>检漏点</translation>
    </message>
    <message>
        <source>patrol patches</source>
        <translation>巡查片区</translation>
    </message>
    <message>
        <source>key points</source>
        <translation>重点部位</translation>
    </message>
    <message>
        <source>leak-survey readings</source>
        <translation>条测漏数据</translation>
    </message>
    <message>
        <source>Fields: {0}</source>
        <translation>字段：{0}</translation>
    </message>
    <message>
        <source>WARNING</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>  … and {0} more (use --json for all)</source>
        <translation>  …… 另有 {0} 条（用 --json 查看全部）</translation>
    </message>
    <message>
        <source>  {0}: row {1}, column {2}: {3}</source>
        <translation>  {0}：第 {1} 行，{2} 列：{3}</translation>
    </message>
    <message>
        <source>{0} rows refused</source>
        <translation>{0} 行被拒绝</translation>
    </message>
    <message>
        <source>Import refused, nothing stored: {0}</source>
        <translation>导入被拒绝，未写入任何数据：{0}</translation>
    </message>
    <message>
        <source>Imported {0} {1} from {2}</source>
        <translation>已从 {2} 导入 {0} 条 {1}</translation>
    </message>
    <message>
        <source>Columns: {0}</source>
        <translation>列对应：{0}</translation>
    </message>
    <message>
        <source>Patrol coverage on {0} (as of {1})</source>
        <translation>{0} 巡检覆盖率（截至 {1}）</translation>
    </message>
    <message>
        <source>  key points {0}: {1}</source>
        <translation>  关键点 {0}：{1}</translation>
    </message>
    <message>
        <source>  overdue {0}: {1} segments</source>
        <translation>  超期 {0}：{1} 段</translation>
    </message>
    <message>
        <source>  leak survey: {0}/{1} points read</source>
        <translation>  测漏数据采集：已采集 {0}/{1} 个测漏点</translation>
    </message>
    <message>
        <source>  leak survey overdue: {0} points ({1})</source>
        <translation>  测漏逾期：{0} 个测漏点（{1}）</translation>
    </message>
    <message>
        <source>--team-speed {0}: expected KIND=KMH, e.g. patrol=12</source>
        <translation>--team-speed {0}：应为 类别=公里每小时，例如 patrol=12</translation>
    </message>
    <message>
        <source>Patrol plan for {0}</source>
        <translation>{0} 巡检计划</translation>
    </message>
    <message>
        <source>  {0}: {1} pipes, {2} km, {3} rounds a day</source>
        <translation>  {0}：{1} 段管线，{2} 公里，每日 {3} 轮</translation>
    </message>
    <message>
        <source>Patches: {0}</source>
        <translation>管片：{0}</translation>
    </message>
    <message>
        <source>  {0}: {1} km, workload {2} km, teams {3}</source>
        <translation>  {0}：{1} 公里，工作量 {2} 公里，班组 {3}</translation>
    </message>
    <message>
        <source>Stationed posts: {0}</source>
        <translation>驻点：{0}</translation>
    </message>
    <message>
        <source>  {0}: {1}</source>
        <translation>  {0}：{1}</translation>
    </message>
    <message>
        <source>  … and {0} more (all of them with --json)</source>
        <translation>  …… 另有 {0} 处（--json 列出全部）</translation>
    </message>
    <message>
        <source>Capacity: no length to patrol in the plan</source>
        <translation>巡检能力：计划中没有需要巡检的管线长度</translation>
    </message>
    <message>
        <source>Capacity: the teams on duty can cover every requirement in every shift</source>
        <translation>巡检能力：各班次在岗班组能完成全部巡检要求</translation>
    </message>
    <message>
        <source>Capacity: not enough teams for {0} of {1} requirement shifts</source>
        <translation>巡检能力：{1} 个要求班次中有 {0} 个班组不足</translation>
    </message>
    <message>
        <source>{0} in patch {1}</source>
        <translation>{0}（管片 {1}）</translation>
    </message>
    <message>
        <source>  {0}, shift {1}–{2}: {3} km to patrol, one team covers {4} km; needs {5} teams, {6} on duty, {7} missing</source>
        <translation>  {0}，班次 {1}–{2}：需巡检 {3} 公里，每组可巡 {4} 公里；需要 {5} 个组，在岗 {6} 个组，缺 {7} 个组</translation>
    </message>
    <message>
        <source>  … and {0} more (see --json)</source>
        <translation>  … 另有 {0} 项（见 --json）</translation>
    </message>
    <message>
        <source>meeting: give --out FILE.pdf (or --json)</source>
        <extracomment>The PDF is painted with Qt's GUI classes.</extracomment>
        <translation>meeting：请给出 --out 文件.pdf（或 --json）</translation>
    </message>
    <message>
        <source>Meeting record of {0} written to {1}</source>
        <translation>{0} 的会商纪要已写入 {1}</translation>
    </message>
    <message>
        <source>Zero reports {0}: slots {1}, {2} units</source>
        <translation>零报告 {0}：时段 {1}，{2} 个单位</translation>
    </message>
    <message>
        <source>Received: {0}</source>
        <translation>已收到：{0}</translation>
    </message>
    <message>
        <source>Missing (alarm): {0}</source>
        <translation>未报（告警）：{0}</translation>
    </message>
    <message>
        <source>--size {0}: expected WIDTHxHEIGHT, e.g. 3840x2160</source>
        <translation>--size {0}：应为 宽x高，例如 3840x2160</translation>
    </message>
    <message>
        <source>--tour-seconds and --refresh-seconds must be positive</source>
        <translation>--tour-seconds 和 --refresh-seconds 必须为正数</translation>
    </message>
    <message>
        <source>Cannot write {0}</source>
        <translation>无法写入 {0}</translation>
    </message>
    <message>
        <source>Wall frame written to {0} ({1}×{2}).</source>
        <translation>大屏画面已写入 {0}（{1}×{2}）。</translation>
    </message>
    <message>
        <source>--date {0}: expected YYYY-MM-DD</source>
        <extracomment>The PDF is painted with Qt's GUI classes.</extracomment>
        <translation>--date {0}：应为 YYYY-MM-DD</translation>
    </message>
    <message>
        <source>Cannot make the sheets: {0}</source>
        <translation>无法生成任务单：{0}</translation>
    </message>
    <message>
        <source>{0} sheets for {1} written to {2}</source>
        <translation>{1} 的 {0} 张任务单已写入 {2}</translation>
    </message>
    <message>
        <source>feed: give --osmand-listen, --nmea-tcp, --simulate and/or --field</source>
        <translation>feed：请给出 --osmand-listen、--nmea-tcp、--simulate 或 --field</translation>
    </message>
    <message>
        <source>Field page for phones at {0}</source>
        <translation>现场手机页面地址：{0}</translation>
    </message>
    <message>
        <source>simulator, {0} vehicles</source>
        <translation>模拟器，{0} 辆车</translation>
    </message>
    <message>
        <source>field page only</source>
        <translation>仅现场手机页面</translation>
    </message>
    <message>
        <source>Cannot start the feed: {0}</source>
        <translation>无法启动定位接收：{0}</translation>
    </message>
    <message>
        <source>Receiving positions from {0}; Ctrl-C to stop</source>
        <translation>正在接收来自 {0} 的定位；按 Ctrl-C 停止</translation>
    </message>
    <message>
        <source>Stored {0} positions; rejected {1}</source>
        <translation>已存储 {0} 条定位；拒收 {1} 条</translation>
    </message>
    <message>
        <source>Stored {0} patrol track points</source>
        <translation>已保存巡检轨迹点 {0} 个</translation>
    </message>
    <message>
        <source>Field page: {0} reports stored</source>
        <translation>现场手机页面：已存 {0} 条上报</translation>
    </message>
    <message>
        <source>venue</source>
        <extracomment>The order PDF paints with Qt (fonts need a GUI application, offscreen without a display).</extracomment>
        <translation>场馆</translation>
    </message>
    <message>
        <source>residence</source>
        <translation>驻地</translation>
    </message>
    <message>
        <source>key unit</source>
        <translation>重点单位</translation>
    </message>
    <message>
        <source>isolated</source>
        <translation>位于关阀区内</translation>
    </message>
    <message>
        <source>cut off from every source</source>
        <translation>与所有水源断开</translation>
    </message>
    <message>
        <source>hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>government</source>
        <translation>政府</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Hazards reported on {0}: {1}</source>
        <translation>{0} 上报的隐患：{1} 条</translation>
    </message>
    <message>
        <source>no position</source>
        <translation>无位置</translation>
    </message>
    <message>
        <source>pressure reducing valve</source>
        <translation>减压阀</translation>
    </message>
    <message>
        <source>pressure sustaining valve</source>
        <translation>持压阀</translation>
    </message>
    <message>
        <source>pressure breaker valve</source>
        <translation>压力断路阀</translation>
    </message>
    <message>
        <source>flow control valve</source>
        <translation>流量控制阀</translation>
    </message>
    <message>
        <source>throttle control valve</source>
        <translation>节流控制阀</translation>
    </message>
    <message>
        <source>general purpose valve</source>
        <translation>通用阀</translation>
    </message>
    <message>
        <source>Cannot isolate pipe {0}: the pipes have no from/to nodes (no network topology). Import the network with its nodes (an EPANET file, or pipes with node fields).</source>
        <translation>无法对管段{0}关阀：管段没有起止节点（缺少管网拓扑）。请导入带节点的管网（EPANET文件，或带节点字段的管段）。</translation>
    </message>
    <message>
        <source>Cannot isolate pipe {0}: the network has no shut-off valves stored, only control valves ({1}). Import the valves, or allow closing control valves (--allow-control-valves).</source>
        <translation>无法对管段{0}关阀：管网中没有检修阀，只有控制阀（{1}）。请导入阀门，或允许关闭控制阀（--allow-control-valves）。</translation>
    </message>
    <message>
        <source>Cannot isolate pipe {0}: the network has no closable valves stored. Import the valves.</source>
        <translation>无法对管段{0}关阀：管网中没有可关闭的阀门。请导入阀门。</translation>
    </message>
    <message>
        <source>Cannot tell what goes dry for pipe {0}: the network has no water source (works, reservoir, tank or bulk supply point) on its nodes. Import the sources.</source>
        <translation>无法判断管段{0}关阀后哪些区域停水：管网节点上没有水源（水厂、清水池、水塔或趸售供水点）。请导入水源。</translation>
    </message>
    <message>
        <source>!!! No valve bounds the break on pipe {0}: it takes shutting source(s) {1}.</source>
        <translation>！！！管段{0}的破损处没有阀门可以隔断：需要关停水源{1}。</translation>
    </message>
    <message>
        <source>Pipe {0}: close {1} valve(s), in this order ({2}):</source>
        <translation>管段{0}：需关闭{1}个阀门，按以下顺序（{2}）：</translation>
    </message>
    <message>
        <source>from the supply side inward</source>
        <translation>从供水侧向内</translation>
    </message>
    <message>
        <source>from the break outward</source>
        <translation>从破损处向外</translation>
    </message>
    <message>
        <source>DN{0}</source>
        <translation>管径{0}</translation>
    </message>
    <message>
        <source>DN unknown</source>
        <translation>管径不详</translation>
    </message>
    <message>
        <source>position unknown</source>
        <translation>位置不详</translation>
    </message>
    <message>
        <source> (control valve: {0})</source>
        <translation>（控制阀：{0}）</translation>
    </message>
    <message>
        <source>  {0}. {1}{2}  {3}  at {4}; {5} m from the source; crew route {6} m, {7} min along the streets</source>
        <translation>  {0}. {1}{2}  {3}  位于 {4}；距水源 {5} 米；班组沿街道行进 {6} 米，约 {7} 分钟</translation>
    </message>
    <message>
        <source>  {0}. {1}{2}  {3}  at {4}; {5} m from the source; crew route {6} m along the network</source>
        <translation>  {0}. {1}{2}  {3}  位置{4}；距水源{5}米；班组沿管网行进{6}米</translation>
    </message>
    <message>
        <source>  (No streets in the store: the crew's route is the distance along the pipes; import streets for routes and travel times along the streets.)</source>
        <translation>  （库中没有街道：班组行进距离按沿管网计算；导入街道后可按街道给出路线和行驶时间。）</translation>
    </message>
    <message>
        <source>  {0} (already closed)</source>
        <translation>  {0}（已关闭）</translation>
    </message>
    <message>
        <source>Isolated pipes: {0}, {1:,.0f} m</source>
        <translation>关阀区内管段：{0}条，{1:,.0f}米</translation>
    </message>
    <message>
        <source>Cut off from every source: {0} pipe(s), {1:,.0f} m</source>
        <translation>与所有水源断开：{0}条管段，{1:,.0f}米</translation>
    </message>
    <message>
        <source>Out of water in total: {0:,.0f} m</source>
        <translation>停水管长合计：{0:,.0f}米</translation>
    </message>
    <message>
        <source>Already without supply before (behind closed valves): {0} pipe(s)</source>
        <translation>关阀前已无水（在已关阀门之后）：{0}条管段</translation>
    </message>
    <message>
        <source>Control valves closed (allowed by the user): {0}</source>
        <translation>关闭的控制阀（经用户允许）：{0}</translation>
    </message>
    <message>
        <source>Control valves not used as shut-off valves: {0} (allow them with --allow-control-valves)</source>
        <translation>未作为检修阀使用的控制阀：{0}（可用--allow-control-valves允许）</translation>
    </message>
    <message>
        <source>Affected user: {0} ({1}, {2}): {3}</source>
        <translation>受影响用户：{0}（{1}，{2}）：{3}</translation>
    </message>
    <message>
        <source>!!! GUARDED PLACE OUT OF WATER: {0} {1} ({2}): {3}</source>
        <translation>！！！保障场所停水：{0} {1}（{2}）：{3}</translation>
    </message>
    <message>
        <source>Hydrants out of water: {0}</source>
        <translation>停水的消火栓：{0}个</translation>
    </message>
    <message>
        <source>Customers out of water: {0}</source>
        <translation>停水的用户：{0}户</translation>
    </message>
    <message>
        <source>Customers: none stored</source>
        <translation>用户：未录入</translation>
    </message>
    <message>
        <source>Options (the duty leader picks one):</source>
        <translation>可选方案（由值班领导选定）：</translation>
    </message>
    <message>
        <source>leave open {0}</source>
        <translation>保持{0}开启</translation>
    </message>
    <message>
        <source>close control valves</source>
        <translation>关闭控制阀</translation>
    </message>
    <message>
        <source>  [{0}] {1}close {2}: {3:,.0f} m dry, {4} customer(s), guarded places dry: {5}</source>
        <translation>  [{0}] {1}关闭{2}：停水{3:,.0f}米，{4}户，停水的保障场所：{5}</translation>
    </message>
    <message>
        <source>No valve set keeps the guarded places fed: they are supplied only through the part that goes dry. Arrange temporary supply (water tanker) before closing.</source>
        <translation>没有任何关阀方案能保住保障场所供水：它们只经停水区域供水。关阀前请安排临时供水（送水车）。</translation>
    </message>
    <message>
        <source>No pressure step: the network carries no hydraulic data (import it from an EPANET file).</source>
        <translation>未做压力计算：管网没有水力数据（请从EPANET文件导入）。</translation>
    </message>
    <message>
        <source>No pressure step: {0}</source>
        <translation>未做压力计算：{0}</translation>
    </message>
    <message>
        <source>No pressure step: the isolation has no answer.</source>
        <translation>未做压力计算：关阀方案无结果。</translation>
    </message>
    <message>
        <source>Pressure step ({0}, {1} h, minimum {2:g} m): {3} node(s) fall below the minimum</source>
        <translation>压力计算（{0}，{1}小时，最低服务压力{2:g}米）：{3}个节点低于最低压力</translation>
    </message>
    <message>
        <source>  {0}: {1:.1f} m → {2:.1f} m</source>
        <translation>  {0}：{1:.1f}米 → {2:.1f}米</translation>
    </message>
    <message>
        <source>  … and {0} more</source>
        <translation>  ……另有{0}个</translation>
    </message>
    <message>
        <source>  Low pressure at user {0} ({1}): {2:.1f} m</source>
        <translation>  用户{0}（{1}）压力不足：{2:.1f}米</translation>
    </message>
    <message>
        <source>  Customers below the minimum: {0}</source>
        <translation>  低于最低压力的用户：{0}户</translation>
    </message>
    <message>
        <source>--set changes the isolation rules: use it with --rules</source>
        <translation>--set 用于修改关阀规则：请与 --rules 一起使用</translation>
    </message>
    <message>
        <source>Give the pipe to isolate (PIPE), or --rules to show the isolation rules</source>
        <translation>请给出要隔离的管段（PIPE），或用 --rules 查看关阀规则</translation>
    </message>
    <message>
        <source>Cannot isolate: {0}</source>
        <translation>无法关阀隔离：{0}</translation>
    </message>
    <message>
        <source>no repair {0}</source>
        <translation>没有抢修单{0}</translation>
    </message>
    <message>
        <source>no open repair on pipe {0}: open one, or name it with --repair CODE</source>
        <translation>管段{0}上没有未结束的抢修单：请先建单，或用 --repair 指定抢修单号</translation>
    </message>
    <message>
        <source>{0} open repairs on pipe {1} ({2}): name one with --repair CODE</source>
        <translation>管段{1}上有{0}张未结束的抢修单（{2}）：请用 --repair 指定其中一张</translation>
    </message>
    <message>
        <source>Cannot notify: {0}</source>
        <translation>无法发送通知：{0}</translation>
    </message>
    <message>
        <source>Notices for repair {0} queued in the outbox: {1}</source>
        <translation>抢修单{0}的通知已放入发件箱：{1}条</translation>
    </message>
    <message>
        <source>  {0} ({1})</source>
        <translation>  {0}（{1}）</translation>
    </message>
    <message>
        <source>Already notified before (not sent again): {0}</source>
        <translation>此前已通知（不再重复发送）：{0}</translation>
    </message>
    <message>
        <source>Not notified, no phone or contact stored: {0}</source>
        <translation>未通知（未存电话或联系方式）：{0}</translation>
    </message>
    <message>
        <source>from the supply side inward (supply_first)</source>
        <translation>从供水侧向内（supply_first）</translation>
    </message>
    <message>
        <source>from the break outward, nearest first (nearest_first)</source>
        <translation>从破损处向外，由近及远（nearest_first）</translation>
    </message>
    <message>
        <source>Isolation rules:</source>
        <translation>关阀规则：</translation>
    </message>
    <message>
        <source>  Minimum service pressure: {0:g} m</source>
        <translation>  最低服务压力：{0:g} 米</translation>
    </message>
    <message>
        <source>  Order of closing the valves: {0}</source>
        <translation>  关阀顺序：{0}</translation>
    </message>
    <message>
        <source>--rules takes no pipe</source>
        <translation>--rules 不接受管段参数</translation>
    </message>
    <message>
        <source>Isolation rules not changed: {0}</source>
        <translation>关阀规则未修改：{0}</translation>
    </message>
    <message>
        <source>Skipped valves (broken, inaccessible or excluded): {0}</source>
        <translation>跳过的阀门（损坏、无法操作或已排除）：{0}</translation>
    </message>
    <message>
        <source>No patrol plan stored: run 'python app.py plan' first.</source>
        <translation>尚未保存巡检计划：请先运行 'python app.py plan'。</translation>
    </message>
    <message>
        <source>The store has no pipes: import a pipe network first.</source>
        <translation>数据库中没有管线：请先导入管网。</translation>
    </message>
    <message>
        <source>--patches must be at least 1, not {0}</source>
        <translation>--patches 至少为 1，而不是 {0}</translation>
    </message>
    <message>
        <source>Patch {0}</source>
        <translation>责任区 {0}</translation>
    </message>
    <message>
        <source>Nothing imported: {0}</source>
        <translation>未导入：{0}</translation>
    </message>
    <message>
        <source>Nothing imported: the store refused the rows: {0}</source>
        <translation>未导入：数据库拒绝了这些行：{0}</translation>
    </message>
    <message>
        <source>Imported {0}: {1} rows, {2} new, {3} updated</source>
        <translation>已导入 {0}：{1} 行，新增 {2}，更新 {3}</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>记录：{0}</translation>
    </message>
    <message>
        <source>{0} account(s) not located (no coordinates, address matches no street or place): {1}</source>
        <translation>{0} 户未能定位（无坐标，地址与任何道路或地点都不匹配）：{1}</translation>
    </message>
    <message>
        <source>Refused: {0}: {1}</source>
        <translation>拒绝：{0}：{1}</translation>
    </message>
    <message>
        <source>--at: expected an ISO time, got {0}</source>
        <translation>--at：应为 ISO 时间，收到 {0}</translation>
    </message>
    <message>
        <source>Arrears chasing</source>
        <translation>欠费催缴</translation>
    </message>
    <message>
        <source>A treatment process change</source>
        <translation>净水工艺调整</translation>
    </message>
    <message>
        <source>Refused: {0} is frozen during {1} ({2} – {3} UTC)</source>
        <translation>拒绝：{1}期间（{2} – {3} UTC）冻结{0}</translation>
    </message>
    <message>
        <source>Accepted: not frozen at {0}</source>
        <translation>已受理：{0} 不在冻结期内</translation>
    </message>
    <message>
        <source>Settings not changed: {0}</source>
        <translation>设置未修改：{0}</translation>
    </message>
    <message>
        <source>enquiry</source>
        <translation>咨询</translation>
    </message>
    <message>
        <source>repair</source>
        <translation>报修</translation>
    </message>
    <message>
        <source>meter removal</source>
        <translation>拆表</translation>
    </message>
    <message>
        <source>meter check</source>
        <translation>验表</translation>
    </message>
    <message>
        <source>survey and design</source>
        <translation>勘察设计</translation>
    </message>
    <message>
        <source>budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>construction</source>
        <translation>施工</translation>
    </message>
    <message>
        <source>acceptance</source>
        <translation>验收</translation>
    </message>
    <message>
        <source>replace</source>
        <translation>更换</translation>
    </message>
    <message>
        <source>verify</source>
        <translation>检定</translation>
    </message>
    <message>
        <source>Changed: {0}</source>
        <translation>已修改：{0} 项</translation>
    </message>
    <message>
        <source>Zero-volume after {0} consecutive periods (zero_periods)</source>
        <translation>连续 {0} 期零水量列为零水量用户（zero_periods）</translation>
    </message>
    <message>
        <source>Reader tenure limit {0} months (tenure_months)</source>
        <translation>抄表员同一抄表册任期上限 {0} 个月（tenure_months）</translation>
    </message>
    <message>
        <source>Response time per ticket kind (response_hours):</source>
        <translation>各类工单响应时限（response_hours）：</translation>
    </message>
    <message>
        <source>  {0}: {1:g} h</source>
        <translation>  {0}：{1:g} 小时</translation>
    </message>
    <message>
        <source>Time limit per connection step (step_days):</source>
        <translation>报装各环节时限（step_days）：</translation>
    </message>
    <message>
        <source>  {0}: {1} days</source>
        <translation>  {0}：{1} 天</translation>
    </message>
    <message>
        <source>Meter rules (meter_rules):</source>
        <translation>水表周期规则（meter_rules）：</translation>
    </message>
    <message>
        <source>  {0}: DN {1} – {2} mm, Q3 above {3}: {4} every {5} years</source>
        <translation>  {0}：口径 DN {1} – {2} 毫米，Q3 大于 {3}：每 {5} 年{4}</translation>
    </message>
    <message>
        <source>--date: expected YYYY-MM-DD, got {0}</source>
        <translation>--date：应为 年-月-日，收到 {0}</translation>
    </message>
    <message>
        <source>--months must be 0 or more</source>
        <translation>--months 须为 0 或更大</translation>
    </message>
    <message>
        <source>Meters due by {0} ({1} months ahead): {2}, of which overdue {3}</source>
        <translation>截至 {0}（提前 {1} 个月）到期水表：{2} 块，其中超期 {3} 块</translation>
    </message>
    <message>
        <source>  {0}: replace {1}, verify {2}</source>
        <translation>  {0}：更换 {1}，检定 {2}</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>Zero-volume users (latest {0} periods: {1}): {2}</source>
        <translation>零水量用户（最近 {0} 期：{1}）：{2} 户</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Not enough reads: the store holds {0} period(s), the rule needs {1}; only accounts never read since connection are listed</source>
        <translation>抄表数据不足：库中只有 {0} 期，规则需要 {1} 期；仅列出接水后从未抄表的用户</translation>
    </message>
    <message>
        <source>  read at zero {0}, not read {1}, new connections awaiting a first read {2}</source>
        <translation>  抄见零水量 {0}，未抄表 {1}，待首次抄表的新装用户 {2}</translation>
    </message>
    <message>
        <source>Readers past the {0}-month tenure: {1}</source>
        <translation>超过 {0} 个月任期的抄表员：{1}</translation>
    </message>
    <message>
        <source>Routes read and collected by the same reader: {0}</source>
        <translation>抄表与收费为同一人的抄表册：{0}</translation>
    </message>
    <message>
        <source>  proposal: route {0} → reader {1}</source>
        <translation>  建议：抄表册 {0} → 抄表员 {1}</translation>
    </message>
    <message>
        <source>no reader allowed</source>
        <translation>无可安排的抄表员</translation>
    </message>
    <message>
        <source>Tickets: {0}, past their response time {1}</source>
        <translation>服务工单：{0} 件，超过响应时限 {1} 件</translation>
    </message>
    <message>
        <source>unknown action</source>
        <translation>未知操作</translation>
    </message>
    <message>
        <source>Travel times along the streets.</source>
        <translation>按道路计算行驶时间。</translation>
    </message>
    <message>
        <source>No streets in the store: straight-line estimates (import streets for travel times along them).</source>
        <translation>库中没有道路：按直线距离估算（导入道路后按道路计算行驶时间）。</translation>
    </message>
    <message>
        <source>  {0}: {1} min, {2} km</source>
        <translation>  {0}：{1} 分钟，{2} 公里</translation>
    </message>
    <message>
        <source>  no available vehicle with a position</source>
        <translation>  没有有位置的可用车辆</translation>
    </message>
    <message>
        <source>Event: {0}</source>
        <translation>活动：{0}</translation>
    </message>
    <message>
        <source>  from {0} to {1} ({2})</source>
        <translation>  自 {0} 至 {1}（{2}）</translation>
    </message>
    <message>
        <source>  working CRS {0}, guard buffer {1} m</source>
        <translation>  工作坐标系 {0}，保障缓冲 {1} 米</translation>
    </message>
    <message>
        <source>The store has no event yet: create one with 'python app.py event new'.</source>
        <translation>库中尚无活动：请用 'python app.py event new' 创建。</translation>
    </message>
    <message>
        <source>Event created.</source>
        <translation>活动已创建。</translation>
    </message>
    <message>
        <source>Event changed.</source>
        <translation>活动已修改。</translation>
    </message>
    <message>
        <source>Event not saved: {0}</source>
        <translation>活动未保存：{0}</translation>
    </message>
    <message>
        <source>Dangling ends</source>
        <extracomment>Findings listed per check in the human output (all of them go into --json).</extracomment>
        <translation>悬挂端点</translation>
    </message>
    <message>
        <source>Ends within reach but not joined</source>
        <translation>端点相近但未连接</translation>
    </message>
    <message>
        <source>Duplicate pipes</source>
        <translation>重复管段</translation>
    </message>
    <message>
        <source>Zero-length pipes</source>
        <translation>零长度管段</translation>
    </message>
    <message>
        <source>Valves off the network</source>
        <translation>不在管网上的阀门</translation>
    </message>
    <message>
        <source>Parts with no source</source>
        <translation>无水源的管网部分</translation>
    </message>
    <message>
        <source>Pipes without a diameter</source>
        <translation>缺少管径的管段</translation>
    </message>
    <message>
        <source>Network check: {0} pipes, {1} valves, {2} sources (snap tolerance {3} m)</source>
        <translation>管网检查：{0} 条管段，{1} 个阀门，{2} 个水源（捕捉容差 {3} 米）</translation>
    </message>
    <message>
        <source>… and {0} more (use --json for all)</source>
        <translation>……另有 {0} 条（用 --json 查看全部）</translation>
    </message>
    <message>
        <source>The tolerance must be between 0 and 50 m.</source>
        <translation>容差必须在 0 到 50 米之间。</translation>
    </message>
    <message>
        <source>Snap tolerance: {0} m</source>
        <translation>捕捉容差：{0} 米</translation>
    </message>
    <message>
        <source>Cannot write the templates: {0}</source>
        <translation>无法写入模板：{0}</translation>
    </message>
    <message>
        <source>Templates written to {0}:</source>
        <translation>模板已写入 {0}：</translation>
    </message>
    <message>
        <source>Fill one row per line, then: python app.py import KIND FILE</source>
        <translation>每行填写一条，然后运行：python app.py import 类型 文件</translation>
    </message>
    <message>
        <source>report: --out must end in .pdf or .xlsx, not {0}</source>
        <translation>report：--out 须以 .pdf 或 .xlsx 结尾，而不是 {0}</translation>
    </message>
    <message>
        <source>report: cannot write {0}: {1}</source>
        <translation>report：无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>DRILL {0} — simulated day, not the real event</source>
        <translation>演练 {0} — 模拟的一天，非真实保障</translation>
    </message>
    <message>
        <source>After-action report {0} (judged at {1})</source>
        <translation>{0} 复盘报告（统计截至 {1}）</translation>
    </message>
    <message>
        <source>Repairs: {0}; limits met: {1}; limits overrun: {2}</source>
        <translation>抢修 {0} 起；时限达标 {1} 项，超时 {2} 项</translation>
    </message>
    <message>
        <source>Zero reports on time: {0}; late: {1}; missing: {2}</source>
        <translation>零报告按时 {0} 次，迟报 {1} 次，未报 {2} 次</translation>
    </message>
    <message>
        <source>Action items opened: {0}; closed: {1}</source>
        <translation>督办事项提出 {0} 项，关闭 {1} 项</translation>
    </message>
    <message>
        <source>Departures from stationed posts: {0}</source>
        <translation>驻守点离岗 {0} 次</translation>
    </message>
    <message>
        <source>Written: {0}</source>
        <translation>已写入：{0}</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Drill</source>
        <translation>演练</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Judged at</source>
        <translation>统计截至</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Required (m)</source>
        <translation>应巡（米）</translation>
    </message>
    <message>
        <source>Covered (m)</source>
        <translation>已覆盖（米）</translation>
    </message>
    <message>
        <source>Key points</source>
        <translation>关键点</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>到位</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>到位率</translation>
    </message>
    <message>
        <source>Stationed posts</source>
        <translation>驻守点</translation>
    </message>
    <message>
        <source>Post (pipe)</source>
        <translation>驻守点（管段）</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Presence (s)</source>
        <translation>在岗时间（秒）</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>在岗率</translation>
    </message>
    <message>
        <source>Departures</source>
        <translation>离岗次数</translation>
    </message>
    <message>
        <source>Time limits</source>
        <translation>五个时限</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>抢修</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Target (min)</source>
        <translation>时限（分钟）</translation>
    </message>
    <message>
        <source>Took (min)</source>
        <translation>用时（分钟）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Over by (min)</source>
        <translation>超时（分钟）</translation>
    </message>
    <message>
        <source>To spare (min)</source>
        <translation>提前（分钟）</translation>
    </message>
    <message>
        <source>Response by level</source>
        <translation>分级响应时间</translation>
    </message>
    <message>
        <source>Repairs</source>
        <translation>抢修</translation>
    </message>
    <message>
        <source>Dispatch mean (min)</source>
        <translation>派单平均（分钟）</translation>
    </message>
    <message>
        <source>Dispatch max (min)</source>
        <translation>派单最长（分钟）</translation>
    </message>
    <message>
        <source>Arrival mean (min)</source>
        <translation>到达平均（分钟）</translation>
    </message>
    <message>
        <source>Arrival max (min)</source>
        <translation>到达最长（分钟）</translation>
    </message>
    <message>
        <source>Zero reports</source>
        <translation>零报告</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>迟报</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>未报</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>未到时</translation>
    </message>
    <message>
        <source>Action items</source>
        <translation>督办事项</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>--url: {0} is not an http:// or https:// address</source>
        <extracomment>The QR sheet is painted with Qt's GUI classes.</extracomment>
        <translation>--url：{0} 不是 http:// 或 https:// 地址</translation>
    </message>
    <message>
        <source>patroller</source>
        <translation>巡查人员</translation>
    </message>
    <message>
        <source>reporting unit</source>
        <translation>报告单位</translation>
    </message>
    <message>
        <source>Issued {0} tokens; earlier tokens of these holders no longer work.</source>
        <translation>已发放 {0} 个令牌；这些持有人以前的令牌已失效。</translation>
    </message>
    <message>
        <source>QR sheet written to {0}</source>
        <translation>二维码表已写入 {0}</translation>
    </message>
    <message>
        <source>Phones open {0}</source>
        <translation>手机打开 {0}</translation>
    </message>
</context>
<context>
    <name>AfterActionPdf</name>
    <message>
        <source>After-action report</source>
        <translation>复盘报告</translation>
    </message>
    <message>
        <source>DRILL {0} — simulated day, not the real event</source>
        <translation>演练 {0} — 模拟的一天，非真实保障</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派车</translation>
    </message>
    <message>
        <source>Arrival</source>
        <translation>到达</translation>
    </message>
    <message>
        <source>Isolation</source>
        <translation>关阀隔离</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>抢修</translation>
    </message>
    <message>
        <source>Restoration</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>met</source>
        <translation>达标</translation>
    </message>
    <message>
        <source>overrun</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>running</source>
        <translation>计时中</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>safe</source>
        <translation>平安</translation>
    </message>
    <message>
        <source>incident</source>
        <translation>有情况</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>未报</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>未到时</translation>
    </message>
    <message>
        <source>Repair reported</source>
        <translation>抢修接报</translation>
    </message>
    <message>
        <source>Repair dispatched</source>
        <translation>抢修派单</translation>
    </message>
    <message>
        <source>Crew on site</source>
        <translation>抢修人员到场</translation>
    </message>
    <message>
        <source>Valves closed</source>
        <translation>关阀止水</translation>
    </message>
    <message>
        <source>Pipe repaired</source>
        <translation>管道修复</translation>
    </message>
    <message>
        <source>Supply restored</source>
        <translation>恢复供水</translation>
    </message>
    <message>
        <source>Zero report missing (alarm)</source>
        <translation>零报告未报（告警）</translation>
    </message>
    <message>
        <source>Action item opened</source>
        <translation>督办事项提出</translation>
    </message>
    <message>
        <source>Action item closed</source>
        <translation>督办事项关闭</translation>
    </message>
    <message>
        <source>Vehicle lost (silent 2 min)</source>
        <translation>车辆失联（两分钟无定位）</translation>
    </message>
    <message>
        <source>Vehicle reporting again</source>
        <translation>车辆恢复定位</translation>
    </message>
    <message>
        <source>Guard left his post</source>
        <translation>驻守人员离岗</translation>
    </message>
    <message>
        <source>Patrol skipped part of its patch</source>
        <translation>巡检漏巡部分管片</translation>
    </message>
    <message>
        <source>target</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>{0} — {1}, judged at {2}</source>
        <translation>{0} — {1}，统计截至 {2}</translation>
    </message>
    <message>
        <source>Scenario: {0}; {1} devices ({2} on foot, {3} vehicles), {4} people on two shifts, {5} crew; {6} positions stored</source>
        <translation>演练脚本：{0}；定位终端 {1} 台（徒步 {2}，车辆 {3}），两班人员 {4} 人，抢修人员 {5} 人；已存定位 {6} 条</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概况</translation>
    </message>
    <message>
        <source>Repairs: {0}; limits met: {1}; limits overrun: {2}</source>
        <translation>抢修 {0} 起；时限达标 {1} 项，超时 {2} 项</translation>
    </message>
    <message>
        <source>Zero reports on time: {0}; late: {1}; missing: {2}</source>
        <translation>零报告按时 {0} 次，迟报 {1} 次，未报 {2} 次</translation>
    </message>
    <message>
        <source>Action items opened: {0}; closed: {1}</source>
        <translation>督办事项提出 {0} 项，关闭 {1} 项</translation>
    </message>
    <message>
        <source>Departures from stationed posts: {0}</source>
        <translation>驻守点离岗 {0} 次</translation>
    </message>
    <message>
        <source>Patrol coverage per requirement and window</source>
        <translation>各巡检要求分时段覆盖率</translation>
    </message>
    <message>
        <source>No coverage: {0}</source>
        <translation>无覆盖率：{0}</translation>
    </message>
    <message>
        <source>Requirement</source>
        <translation>巡检要求</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Required (m)</source>
        <translation>应巡（米）</translation>
    </message>
    <message>
        <source>Covered (m)</source>
        <translation>已覆盖（米）</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>Key-point arrival</source>
        <translation>关键点到位</translation>
    </message>
    <message>
        <source>Reached</source>
        <translation>到位</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>到位率</translation>
    </message>
    <message>
        <source>Stationed posts: presence and departures</source>
        <translation>驻守点在岗和离岗</translation>
    </message>
    <message>
        <source>Post (pipe)</source>
        <translation>驻守点（管段）</translation>
    </message>
    <message>
        <source>Presence</source>
        <translation>在岗率</translation>
    </message>
    <message>
        <source>Departures</source>
        <translation>离岗次数</translation>
    </message>
    <message>
        <source>Repairs against their five time limits</source>
        <translation>抢修五个时限执行情况</translation>
    </message>
    <message>
        <source>No repairs on this day.</source>
        <translation>当天无抢修。</translation>
    </message>
    <message>
        <source>over by {0} min</source>
        <translation>超时 {0} 分钟</translation>
    </message>
    <message>
        <source>{0} min to spare</source>
        <translation>提前 {0} 分钟</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Target (min)</source>
        <translation>时限（分钟）</translation>
    </message>
    <message>
        <source>Took (min)</source>
        <translation>用时（分钟）</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>By</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>Dispatch and arrival times by level</source>
        <translation>分级派单和到达用时</translation>
    </message>
    <message>
        <source>Repairs</source>
        <translation>抢修</translation>
    </message>
    <message>
        <source>Dispatch mean (min)</source>
        <translation>派单平均（分钟）</translation>
    </message>
    <message>
        <source>Dispatch max (min)</source>
        <translation>派单最长（分钟）</translation>
    </message>
    <message>
        <source>Arrival mean (min)</source>
        <translation>到达平均（分钟）</translation>
    </message>
    <message>
        <source>Arrival max (min)</source>
        <translation>到达最长（分钟）</translation>
    </message>
    <message>
        <source>Zero-report punctuality by unit</source>
        <translation>各单位零报告及时情况</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>On time</source>
        <translation>按时</translation>
    </message>
    <message>
        <source>Late</source>
        <translation>迟报</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>未报</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>未到时</translation>
    </message>
    <message>
        <source>Action items</source>
        <translation>督办事项</translation>
    </message>
    <message>
        <source>Opened: {0}; closed: {1}; still open: {2}</source>
        <translation>提出 {0} 项，关闭 {1} 项，未关闭 {2} 项</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>open</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Timeline of the incidents</source>
        <translation>事件时间线</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>What</source>
        <translation>事项</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Nothing happened.</source>
        <translation>无事件。</translation>
    </message>
    <message>
        <source>Printed {0}</source>
        <translation>打印于 {0}</translation>
    </message>
    <message>
        <source>Page {0} of {1}</source>
        <translation>第 {0} 页，共 {1} 页</translation>
    </message>
</context>
<context>
    <name>AlarmCenter</name>
    <message>
        <source>Alarms</source>
        <extracomment>Which dock handles which figure (object names). Settings key of the beep on a new overrun (off by default). Overruns not yet acknowledged: repair id → limits. (repair id, limit) pairs already announced (raise + beep once each).</extracomment>
        <translation>告警</translation>
    </message>
    <message>
        <source>Beep on a new overrun</source>
        <translation>新超时时响铃提示</translation>
    </message>
    <message>
        <source>as of {0}</source>
        <translation>截至 {0}</translation>
    </message>
    <message>
        <source>Not acknowledged: {0}</source>
        <translation>未能确认：{0}</translation>
    </message>
</context>
<context>
    <name>AlarmStrip</name>
    <message>
        <source>Acknowledge</source>
        <extracomment>Chip colours: (background, text) by severity. The same on the night theme: dark chips, light text (the alarm stays loud). The chip names, in strip order; each names the dock that handles it.</extracomment>
        <translation>确认</translation>
    </message>
    <message>
        <source>Acknowledge the overrun repairs: they stop pulsing on the map (recorded in the audit log)</source>
        <translation>确认已知晓超时抢修：地图上停止闪烁（记入审计日志）</translation>
    </message>
    <message>
        <source>Open repairs {0}</source>
        <translation>未结抢修 {0}</translation>
    </message>
    <message>
        <source>Overrun {0}</source>
        <translation>超时 {0}</translation>
    </message>
    <message>
        <source>Zero reports missing {0}</source>
        <translation>零报告未报 {0}</translation>
    </message>
    <message>
        <source>Vehicles lost {0}</source>
        <translation>车辆失联 {0}</translation>
    </message>
    <message>
        <source>Segments overdue {0}</source>
        <translation>管段超期 {0}</translation>
    </message>
    <message>
        <source>Action items overdue {0}</source>
        <translation>事项逾期 {0}</translation>
    </message>
    <message>
        <source>New hazards {0}</source>
        <translation>新隐患 {0}</translation>
    </message>
    <message>
        <source>Open repairs {0} ({1})</source>
        <translation>未结抢修 {0}（{1}）</translation>
    </message>
    <message>
        <source>Open repairs by level (I most severe); click for the Repairs dock</source>
        <translation>按级别统计的未结抢修（I 级最重）；点击打开抢修面板</translation>
    </message>
    <message>
        <source>Open repairs past one of the five time limits</source>
        <translation>已超过五项时限之一的未结抢修</translation>
    </message>
    <message>
        <source>Acknowledge ({0})</source>
        <translation>确认（{0}）</translation>
    </message>
    <message>
        <source>Zero reports missing {0}/{1}</source>
        <translation>零报告未报 {0}/{1}</translation>
    </message>
    <message>
        <source>Zero reports due by now and not received; click for the Zero reports dock</source>
        <translation>到时未收到的零报告；点击打开零报告面板</translation>
    </message>
    <message>
        <source>Vehicles lost {0}/{1}</source>
        <translation>车辆失联 {0}/{1}</translation>
    </message>
    <message>
        <source>Vehicles on duty with no position for two minutes; click for the Vehicles dock</source>
        <translation>在岗车辆两分钟无位置；点击打开车辆面板</translation>
    </message>
    <message>
        <source>The patrol day is still loading</source>
        <translation>巡检数据仍在加载</translation>
    </message>
    <message>
        <source>Patrol segments not visited within their interval; click for the Patrol dock</source>
        <translation>超过巡检周期未巡的管段；点击打开巡检面板</translation>
    </message>
    <message>
        <source>Open action items past their deadline; click for the Duty desk</source>
        <translation>已过期限的未完成事项；点击打开值班台</translation>
    </message>
    <message>
        <source>Hazards reported from the field and not yet handled; click for the Hazards dock</source>
        <translation>现场上报、尚未处置的隐患；点击打开隐患窗口</translation>
    </message>
</context>
<context>
    <name>CallDialog</name>
    <message>
        <source>New repair</source>
        <translation>新建抢修</translation>
    </message>
    <message>
        <source>pipe or valve code, street and number, or place; or click on the map</source>
        <translation>管段或阀门编号、街道门牌或地点；或在地图上点选</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>位置：</translation>
    </message>
    <message>
        <source>Caller:</source>
        <translation>报修人：</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>电话：</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>地址：</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>情况描述：</translation>
    </message>
    <message>
        <source>Category:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>等级：</translation>
    </message>
    <message>
        <source>A site at a venue, residence or key unit (or in its guard buffer) is raised to level IV or above automatically.</source>
        <translation>位于会场、驻地或重点单位（或其保障缓冲区内）的抢修自动升至IV级或以上。</translation>
    </message>
    <message>
        <source>Location not set</source>
        <translation>位置未定</translation>
    </message>
    <message>
        <source>Location not set: nothing in the map is called that</source>
        <translation>位置未定：地图中没有此名称</translation>
    </message>
    <message>
        <source>Location: {0}</source>
        <translation>位置：{0}</translation>
    </message>
    <message>
        <source>A repair needs a location: enter a pipe or valve code, a street and number or a place, or use "Report a leak here" on the map</source>
        <translation>抢修必须有位置：请输入管段或阀门编号、街道门牌或地点，或在地图上用“在此报漏”</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed by another desk</source>
        <translation>已被另一席位修改</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>When you opened it</source>
        <translation>您打开时</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>您的</translation>
    </message>
    <message>
        <source>Theirs (saved now)</source>
        <translation>对方的（现已保存）</translation>
    </message>
    <message>
        <source>Re-apply my changes</source>
        <translation>重新应用我的修改</translation>
    </message>
    <message>
        <source>Discard mine, keep theirs</source>
        <translation>放弃我的修改，保留对方的</translation>
    </message>
    <message>
        <source>Another desk deleted {0} {1} while you were editing it. Your changes were not saved.</source>
        <translation>您编辑期间，另一席位删除了 {0} {1}。您的修改未保存。</translation>
    </message>
    <message>
        <source>Another desk saved {0} {1} while you were editing it. Your changes were not saved yet. Highlighted fields were changed by both desks: tick the ones where yours should win, then re-apply.</source>
        <translation>您编辑期间，另一席位已保存 {0} {1}。您的修改尚未保存。高亮字段双方都改过：勾选要以您的值为准的字段，然后重新应用。</translation>
    </message>
    <message>
        <source>(unchanged)</source>
        <translation>（未改）</translation>
    </message>
    <message>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <source>Ticked: save yours over theirs</source>
        <translation>勾选：以您的值覆盖对方的</translation>
    </message>
</context>
<context>
    <name>ContactsTab</name>
    <message>
        <source>Group</source>
        <extracomment>Tables a change in this tab writes (the role check).</extracomment>
        <translation>分组</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>Told from level</source>
        <translation>通知起始级别</translation>
    </message>
    <message>
        <source>Select a contact to edit it below; Delete removes it (Ctrl+Z undoes)</source>
        <translation>选择联系人后在下方编辑；Delete 键删除（Ctrl+Z 撤销）</translation>
    </message>
    <message>
        <source>Level {0} and above</source>
        <translation>{0}级及以上</translation>
    </message>
    <message>
        <source>Every level</source>
        <translation>所有级别</translation>
    </message>
    <message>
        <source>The least severe repair level this contact is told about (I most severe, V routine)</source>
        <translation>通知该联系人的最低抢修级别（I 级最严重，V 级为常规）</translation>
    </message>
    <message>
        <source>&amp;Group:</source>
        <translation>分组(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>姓名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Organisation:</source>
        <translation>单位(&amp;O)：</translation>
    </message>
    <message>
        <source>P&amp;hone:</source>
        <translation>电话(&amp;H)：</translation>
    </message>
    <message>
        <source>E-&amp;mail:</source>
        <translation>电子邮件(&amp;M)：</translation>
    </message>
    <message>
        <source>Told from &amp;level:</source>
        <translation>通知起始级别(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;New contact</source>
        <translation>新建联系人(&amp;N)</translation>
    </message>
    <message>
        <source>Clear the form for a new contact (Ctrl+N)</source>
        <translation>清空表单以新建联系人（Ctrl+N）</translation>
    </message>
    <message>
        <source>Sa&amp;ve contact</source>
        <translation>保存联系人(&amp;V)</translation>
    </message>
    <message>
        <source>Add the new contact or save the selected one (Enter in the form)</source>
        <translation>添加新联系人或保存所选联系人（在表单中按 Enter）</translation>
    </message>
    <message>
        <source>&amp;Delete contact</source>
        <translation>删除联系人(&amp;D)</translation>
    </message>
    <message>
        <source>Remove the selected contact (Delete on the list)</source>
        <translation>删除所选联系人（在列表中按 Delete）</translation>
    </message>
    <message>
        <source>Important users</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>Media</source>
        <translation>媒体</translation>
    </message>
    <message>
        <source>Government</source>
        <translation>政府</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>内部</translation>
    </message>
    <message>
        <source>Editing the selected contact</source>
        <translation>正在编辑所选联系人</translation>
    </message>
    <message>
        <source>New contact</source>
        <translation>新联系人</translation>
    </message>
    <message>
        <source>Add contact {0}</source>
        <translation>添加联系人 {0}</translation>
    </message>
    <message>
        <source>Edit contact {0}</source>
        <translation>编辑联系人 {0}</translation>
    </message>
    <message>
        <source>Delete contact {0}</source>
        <translation>删除联系人 {0}</translation>
    </message>
</context>
<context>
    <name>CustomTilesDialog</name>
    <message>
        <source>Tile server</source>
        <translation>瓦片服务器</translation>
    </message>
    <message>
        <source>XYZ: {z} {x} {y}; WMTS: {TileMatrix} {TileRow} {TileCol}; {s} subdomain, {key} key</source>
        <translation>XYZ：{z} {x} {y}；WMTS：{TileMatrix} {TileRow} {TileCol}；{s} 子域名，{key} 密钥</translation>
    </message>
    <message>
        <source>Tiles use GCJ-02 (Chinese web maps: Gaode, Tencent …)</source>
        <translation>瓦片采用 GCJ-02 坐标（高德、腾讯等国内地图）</translation>
    </message>
    <message>
        <source>&amp;URL template:</source>
        <translation>URL 模板(&amp;U)：</translation>
    </message>
</context>
<context>
    <name>CustomerLabels</name>
    <message>
        <source>household</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>business</source>
        <translation>非居民</translation>
    </message>
    <message>
        <source>large user</source>
        <translation>大用户</translation>
    </message>
    <message>
        <source>important user</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>replace</source>
        <translation>更换</translation>
    </message>
    <message>
        <source>verify</source>
        <translation>检定</translation>
    </message>
    <message>
        <source>read at zero</source>
        <translation>抄见零水量</translation>
    </message>
    <message>
        <source>not read</source>
        <translation>未抄表</translation>
    </message>
    <message>
        <source>new connection, awaiting first read</source>
        <translation>新装待首抄</translation>
    </message>
    <message>
        <source>vacant</source>
        <translation>空置</translation>
    </message>
    <message>
        <source>stopped meter</source>
        <translation>水表停走</translation>
    </message>
    <message>
        <source>suspected bypass</source>
        <translation>疑似绕表</translation>
    </message>
    <message>
        <source>not yet registered</source>
        <translation>未登记</translation>
    </message>
    <message>
        <source>survey and design</source>
        <translation>勘察设计</translation>
    </message>
    <message>
        <source>budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>construction</source>
        <translation>施工</translation>
    </message>
    <message>
        <source>acceptance</source>
        <translation>验收</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>enquiry</source>
        <translation>咨询</translation>
    </message>
    <message>
        <source>repair</source>
        <translation>报修</translation>
    </message>
    <message>
        <source>meter removal</source>
        <translation>拆表</translation>
    </message>
    <message>
        <source>meter check</source>
        <translation>验表</translation>
    </message>
    <message>
        <source>open</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>responded</source>
        <translation>已响应</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>emergency repair</source>
        <translation>已转抢修</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>已验收</translation>
    </message>
    <message>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
</context>
<context>
    <name>CustomerText</name>
    <message>
        <source>{file}: no such file</source>
        <translation>{file}：文件不存在</translation>
    </message>
    <message>
        <source>{file}: neither UTF-8 nor GBK text</source>
        <translation>{file}：既不是 UTF-8 也不是 GBK 文本</translation>
    </message>
    <message>
        <source>{file}: not a CSV or XLSX file</source>
        <translation>{file}：不是 CSV 或 XLSX 文件</translation>
    </message>
    <message>
        <source>{file}: cannot read: {detail}</source>
        <translation>{file}：无法读取：{detail}</translation>
    </message>
    <message>
        <source>{file}: no rows</source>
        <translation>{file}：没有数据行</translation>
    </message>
    <message>
        <source>{file}: the column mapping does not fit the file: {detail}</source>
        <translation>{file}：列对应关系与文件不符：{detail}</translation>
    </message>
    <message>
        <source>{file}: no column for {fields} (columns: {columns}); name it with --map {first}=COLUMN</source>
        <translation>{file}：缺少{fields}列（现有列：{columns}）；请用 --map {first}=列名 指定</translation>
    </message>
    <message>
        <source>{file}: row(s) {rows}: no {field}</source>
        <translation>{file}：第 {rows} 行缺少{field}</translation>
    </message>
    <message>
        <source>{file}: row(s) {rows}: {field} not understood ({values})</source>
        <translation>{file}：第 {rows} 行{field}无法识别（{values}）</translation>
    </message>
    <message>
        <source>{file}: row(s) {rows}: the same {field} appears twice</source>
        <translation>{file}：第 {rows} 行{field}重复</translation>
    </message>
    <message>
        <source>{file}: row(s) {rows}: longitude/latitude out of range</source>
        <translation>{file}：第 {rows} 行经纬度超出范围</translation>
    </message>
    <message>
        <source>{file}: row(s) {rows}: period must be a month like 2026-07 or 202607</source>
        <translation>{file}：第 {rows} 行账期应为月份，如 2026-07 或 202607</translation>
    </message>
    <message>
        <source>{file}: row(s) {rows}: unknown account ({values})</source>
        <translation>{file}：第 {rows} 行户号不存在（{values}）</translation>
    </message>
    <message>
        <source>{file}: row(s) {rows}: negative volume</source>
        <translation>{file}：第 {rows} 行水量为负</translation>
    </message>
    <message>
        <source>{file}: row(s) {rows}: the same account and period appear twice</source>
        <translation>{file}：第 {rows} 行同一户号同一账期重复</translation>
    </message>
    <message>
        <source>{file}: row(s) {rows}: ends before it starts</source>
        <translation>{file}：第 {rows} 行结束日期早于开始日期</translation>
    </message>
    <message>
        <source>unknown customer import {kind}</source>
        <translation>未知的客户导入类型 {kind}</translation>
    </message>
    <message>
        <source>no verification date column: the install date stands for the first verification</source>
        <translation>无检定日期列：以安装日期作为首次检定日期</translation>
    </message>
    <message>
        <source>unknown step {step}</source>
        <translation>未知环节 {step}</translation>
    </message>
    <message>
        <source>{person} {did} this job and cannot also accept it</source>
        <translation>{person}{did}了此工程，不能再负责验收</translation>
    </message>
    <message>
        <source>no connection application {code}</source>
        <translation>没有接水申请 {code}</translation>
    </message>
    <message>
        <source>{code}: {reason}</source>
        <translation>{code}：{reason}</translation>
    </message>
    <message>
        <source>unknown ticket kind {kind}</source>
        <translation>未知工单类型 {kind}</translation>
    </message>
    <message>
        <source>no account {account}</source>
        <translation>没有户号 {account}</translation>
    </message>
    <message>
        <source>no ticket {code}</source>
        <translation>没有工单 {code}</translation>
    </message>
    <message>
        <source>{code} is a {kind} ticket: only a repair ticket becomes an emergency repair</source>
        <translation>{code} 是{kind}工单：只有报修工单可转为抢修</translation>
    </message>
    <message>
        <source>{code} is already emergency repair {repair}</source>
        <translation>{code} 已转为抢修 {repair}</translation>
    </message>
    <message>
        <source>unknown cause {cause}</source>
        <translation>未知原因 {cause}</translation>
    </message>
    <message>
        <source>unknown action {kind}</source>
        <translation>未知事项 {kind}</translation>
    </message>
    <message>
        <source>{kind} is frozen during {event} ({starts} – {ends} UTC)</source>
        <translation>{event}期间（{starts} – {ends} UTC）冻结{kind}</translation>
    </message>
    <message>
        <source>unknown route {route} or reader {reader}</source>
        <translation>未知抄表册 {route} 或抄表员 {reader}</translation>
    </message>
    <message>
        <source>unknown customer setting {key}</source>
        <translation>未知的客户服务设置 {key}</translation>
    </message>
    <message>
        <source>{text}: expected KEY=VALUE</source>
        <translation>{text}：应为 键=值</translation>
    </message>
    <message>
        <source>{key}: {value} is not a whole number from {low} to {high}</source>
        <translation>{key}：{value} 不是 {low} 到 {high} 之间的整数</translation>
    </message>
    <message>
        <source>{key}: {value} is not a number above 0 and at most {high}</source>
        <translation>{key}：{value} 不是大于 0 且不超过 {high} 的数</translation>
    </message>
    <message>
        <source>{key}: {value} must be replace or verify</source>
        <translation>{key}：{value} 应为 replace（更换）或 verify（检定）</translation>
    </message>
    <message>
        <source>meter rule {rule}: smallest DN {low} is above largest DN {high}</source>
        <translation>水表规则 {rule}：最小口径 {low} 大于最大口径 {high}</translation>
    </message>
    <message>
        <source>account number</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>meter number</source>
        <translation>表号</translation>
    </message>
    <message>
        <source>category</source>
        <translation>用户类别</translation>
    </message>
    <message>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>volume</source>
        <translation>水量</translation>
    </message>
    <message>
        <source>route</source>
        <translation>抄表册</translation>
    </message>
    <message>
        <source>reader</source>
        <translation>抄表员</translation>
    </message>
    <message>
        <source>start date</source>
        <translation>开始日期</translation>
    </message>
    <message>
        <source>duty</source>
        <translation>职责</translation>
    </message>
    <message>
        <source>application number</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <source>person</source>
        <translation>经办人</translation>
    </message>
    <message>
        <source>step</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>ticket number</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>ticket kind</source>
        <translation>工单类型</translation>
    </message>
    <message>
        <source>designed</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>built</source>
        <translation>施工</translation>
    </message>
    <message>
        <source>arrears chasing</source>
        <translation>欠费催缴</translation>
    </message>
    <message>
        <source>treatment process change</source>
        <translation>净水工艺调整</translation>
    </message>
    <message>
        <source>planned shutdown</source>
        <translation>计划停水</translation>
    </message>
    <message>
        <source>enquiry</source>
        <translation>咨询</translation>
    </message>
    <message>
        <source>repair</source>
        <translation>报修</translation>
    </message>
    <message>
        <source>meter removal</source>
        <translation>拆表</translation>
    </message>
    <message>
        <source>meter check</source>
        <translation>验表</translation>
    </message>
    <message>
        <source>survey and design</source>
        <translation>查勘设计</translation>
    </message>
    <message>
        <source>budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>contract</source>
        <translation>合同</translation>
    </message>
    <message>
        <source>construction</source>
        <translation>施工</translation>
    </message>
    <message>
        <source>acceptance</source>
        <translation>验收</translation>
    </message>
    <message>
        <source>vacant</source>
        <translation>空置</translation>
    </message>
    <message>
        <source>stopped meter</source>
        <translation>水表停走</translation>
    </message>
    <message>
        <source>suspected bypass</source>
        <translation>疑似绕表</translation>
    </message>
    <message>
        <source>not yet registered</source>
        <translation>未登记</translation>
    </message>
</context>
<context>
    <name>CustomersDock</name>
    <message>
        <source>Customer service</source>
        <extracomment>Tables the dock's edits write. New lists arrived (after a refresh); the map layers follow.</extracomment>
        <translation>客户服务</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>刷新(&amp;R)</translation>
    </message>
    <message>
        <source>Compute the lists again from the store</source>
        <translation>从数据库重新计算各清单</translation>
    </message>
    <message>
        <source>Accounts and meters</source>
        <translation>用户与水表</translation>
    </message>
    <message>
        <source>Meters due</source>
        <translation>到期水表</translation>
    </message>
    <message>
        <source>Zero-volume users</source>
        <translation>零水量用户</translation>
    </message>
    <message>
        <source>Readers and routes</source>
        <translation>抄表员与抄表册</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>报装</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <source>Computing the lists…</source>
        <translation>正在计算清单…</translation>
    </message>
    <message>
        <source>Export to &amp;XLSX…</source>
        <translation>导出 XLSX(&amp;X)…</translation>
    </message>
    <message>
        <source>Save this list as a spreadsheet</source>
        <translation>将此清单保存为电子表格</translation>
    </message>
    <message>
        <source>Search account number, name or address</source>
        <translation>按户号、户名或地址查找</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Import a CSV (UTF-8 or GBK) or XLSX file</source>
        <translation>导入 CSV（UTF-8 或 GBK）或 XLSX 文件</translation>
    </message>
    <message>
        <source>Accounts and meters…</source>
        <translation>用户与水表…</translation>
    </message>
    <message>
        <source>Meter reads…</source>
        <translation>抄表数据…</translation>
    </message>
    <message>
        <source>Reading routes and readers…</source>
        <translation>抄表册与抄表员…</translation>
    </message>
    <message>
        <source>New connections…</source>
        <translation>报装…</translation>
    </message>
    <message>
        <source>Service requests…</source>
        <translation>服务工单…</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Meter</source>
        <translation>表号</translation>
    </message>
    <message>
        <source>DN</source>
        <translation>口径 DN</translation>
    </message>
    <message>
        <source>&amp;Months ahead:</source>
        <translation>提前月数(&amp;M)：</translation>
    </message>
    <message>
        <source>0: due or overdue today</source>
        <translation>0：今日到期或已超期</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>Cause</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>&amp;Cause:</source>
        <translation>原因(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Plan:</source>
        <translation>措施(&amp;P)：</translation>
    </message>
    <message>
        <source>O&amp;wner:</source>
        <translation>责任人(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Deadline:</source>
        <translation>期限(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Save follow-up</source>
        <translation>保存跟进(&amp;S)</translation>
    </message>
    <message>
        <source>Set the cause and follow-up of the selected user</source>
        <translation>设置所选用户的原因和跟进</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>抄表册</translation>
    </message>
    <message>
        <source>Reader</source>
        <translation>抄表员</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>起始</translation>
    </message>
    <message>
        <source>Months</source>
        <translation>月数</translation>
    </message>
    <message>
        <source>Past tenure</source>
        <translation>超任期</translation>
    </message>
    <message>
        <source>Also collects</source>
        <translation>兼收费</translation>
    </message>
    <message>
        <source>&lt;b&gt;Proposed rotation&lt;/b&gt;</source>
        <translation>&lt;b&gt;轮岗建议&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Reader now</source>
        <translation>现抄表员</translation>
    </message>
    <message>
        <source>Proposed reader</source>
        <translation>建议抄表员</translation>
    </message>
    <message>
        <source>no reader allowed</source>
        <translation>无可安排的抄表员</translation>
    </message>
    <message>
        <source>&amp;Accept rotation</source>
        <translation>接受轮岗(&amp;A)</translation>
    </message>
    <message>
        <source>Start the proposed readers on their routes today</source>
        <translation>今日起按建议安排抄表员</translation>
    </message>
    <message>
        <source>Application</source>
        <translation>申请编号</translation>
    </message>
    <message>
        <source>Applicant</source>
        <translation>申请人</translation>
    </message>
    <message>
        <source>Current step</source>
        <translation>当前环节</translation>
    </message>
    <message>
        <source>Days</source>
        <translation>天数</translation>
    </message>
    <message>
        <source>Overdue steps</source>
        <translation>超时环节</translation>
    </message>
    <message>
        <source>Design</source>
        <translation>设计</translation>
    </message>
    <message>
        <source>Construction</source>
        <translation>施工</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>验收</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>工单号</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>受理时间</translation>
    </message>
    <message>
        <source>Respond by</source>
        <translation>响应期限</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>抢修</translation>
    </message>
    <message>
        <source>Mark &amp;answered</source>
        <translation>标记已响应(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Emergency repair</source>
        <translation>转为抢修(&amp;E)</translation>
    </message>
    <message>
        <source>Open an emergency repair with its five time limits for the selected repair ticket</source>
        <translation>为所选报修工单建立抢修单（含五个时限）</translation>
    </message>
    <message>
        <source>Not done: {0}</source>
        <translation>未完成：{0}</translation>
    </message>
    <message>
        <source>{0} accounts · meters overdue {1}, due {2} · zero-volume users {3} · readers past tenure {4} · tickets open {5}, late {6}</source>
        <translation>{0} 户 · 水表超期 {1}、到期 {2} · 零水量用户 {3} · 抄表员超任期 {4} · 工单未结 {5}、超时 {6}</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>No meter due</source>
        <translation>无到期水表</translation>
    </message>
    <message>
        <source>Not enough reads: the store holds {0} reading period(s), the rule needs {1}; only accounts never read since connection are listed</source>
        <translation>抄表数据不足：库中只有 {0} 个抄表期，规则需要 {1} 期；仅列出接水后从未抄表的用户</translation>
    </message>
    <message>
        <source>No consumption in the latest {0} periods ({1}): {2} users</source>
        <translation>最近 {0} 期（{1}）无用水：{2} 户</translation>
    </message>
    <message>
        <source>Tenure limit {0} months. Past it: {1}. Read and collected by one person: {2}</source>
        <translation>任期上限 {0} 个月。超期：{1}。抄表收费同一人：{2}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{0} of {1} accounts</source>
        <translation>{0} / {1} 户</translation>
    </message>
    <message>
        <source>Select a user first</source>
        <translation>请先选择用户</translation>
    </message>
    <message>
        <source>Follow-up of {0}</source>
        <translation>{0} 的跟进</translation>
    </message>
    <message>
        <source>Follow-up of {0} saved</source>
        <translation>{0} 的跟进已保存</translation>
    </message>
    <message>
        <source>No rotation to accept</source>
        <translation>没有可接受的轮岗</translation>
    </message>
    <message>
        <source>Rotation accepted: {0} route(s)</source>
        <translation>轮岗已生效：{0} 本抄表册</translation>
    </message>
    <message>
        <source>Select a ticket first</source>
        <translation>请先选择工单</translation>
    </message>
    <message>
        <source>{0} answered</source>
        <translation>{0} 已响应</translation>
    </message>
    <message>
        <source>Only a repair ticket becomes an emergency repair</source>
        <translation>只有报修工单可转为抢修</translation>
    </message>
    <message>
        <source>{0} is now emergency repair {1}</source>
        <translation>{0} 已转为抢修单 {1}</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Tables (*.csv *.txt *.xlsx)</source>
        <translation>表格 (*.csv *.txt *.xlsx)</translation>
    </message>
    <message>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <source>Nothing imported: {0}</source>
        <translation>未导入：{0}</translation>
    </message>
    <message>
        <source>Imported {0}: {1} rows, {2} new, {3} updated</source>
        <translation>已导入 {0}：{1} 行，新增 {2}，更新 {3}</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>提示：{0}</translation>
    </message>
    <message>
        <source>{0} account(s) not located: {1}</source>
        <translation>{0} 户未能定位：{1}</translation>
    </message>
    <message>
        <source>Acceptance refused (designed or built by the same person): {0}</source>
        <translation>验收被拒（同一人设计或施工）：{0}</translation>
    </message>
    <message>
        <source>Export to XLSX</source>
        <translation>导出 XLSX</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx)</source>
        <translation>电子表格 (*.xlsx)</translation>
    </message>
    <message>
        <source>Cannot write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>{0} rows written to {1}</source>
        <translation>已写入 {0} 行到 {1}</translation>
    </message>
</context>
<context>
    <name>DeskContext</name>
    <message>
        <source>&amp;Undo</source>
        <extracomment>Runs a store function in one transaction: ``(ok, result or message)``. After a conflict: ``retry(conflict, changes_to_reapply) -&gt; Do`` saves on top of the other desk's version. Re-applies after conflicts in a row before giving up (another desk keeps saving). The store changed through this desk (docks refresh). A change was refused; the argument is the message for the user. Callables turning a refusal into translated text (None when not theirs); features register theirs. A "changed by another desk" dialog was built (before it is shown). Runs a conflict dialog and returns its result; tests replace it to answer without a modal loop.</extracomment>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>duty leader</source>
        <translation>值班领导</translation>
    </message>
    <message>
        <source>dispatcher</source>
        <translation>调度员</translation>
    </message>
    <message>
        <source>viewer</source>
        <translation>只读席位</translation>
    </message>
    <message>
        <source>Read-only desk: the viewer role cannot change the store</source>
        <translation>只读席位：查看角色不能修改数据</translation>
    </message>
    <message>
        <source>The {0} role cannot change this; the store would refuse it</source>
        <translation>{0}角色不能修改此项，数据库会拒绝该操作</translation>
    </message>
    <message>
        <source>Not saved: the other desk's version is kept and shown</source>
        <translation>未保存：已保留并显示其他席位的版本</translation>
    </message>
    <message>
        <source>Not saved: another desk keeps changing it; try again</source>
        <translation>未保存：其他席位仍在不断修改，请重试</translation>
    </message>
</context>
<context>
    <name>DeskDrill</name>
    <message>
        <source>Sim&amp;ulation</source>
        <translation>演练(&amp;U)</translation>
    </message>
    <message>
        <source>Run &amp;drill…</source>
        <translation>开始演练(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Stop drill</source>
        <translation>停止演练(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Wipe drills…</source>
        <translation>清除演练数据(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;After-action report…</source>
        <translation>复盘报告(&amp;A)…</translation>
    </message>
    <message>
        <source>[DRILL {0}] {1}</source>
        <translation>【演练 {0}】{1}</translation>
    </message>
    <message>
        <source>Cannot run the drill</source>
        <translation>无法开始演练</translation>
    </message>
    <message>
        <source>The drill ended with code {0}.</source>
        <translation>演练进程结束，退出码 {0}。</translation>
    </message>
    <message>
        <source>Drill {0}: {1}, {2} positions</source>
        <translation>演练 {0}：{1}，定位 {2} 条</translation>
    </message>
    <message>
        <source>Drill failed</source>
        <translation>演练失败</translation>
    </message>
    <message>
        <source>Drill {0} {1}: {2} positions stored</source>
        <translation>演练 {0} {1}：已存定位 {2} 条</translation>
    </message>
    <message>
        <source>Wipe drills</source>
        <translation>清除演练数据</translation>
    </message>
    <message>
        <source>Stop the drill first.</source>
        <translation>请先停止演练。</translation>
    </message>
    <message>
        <source>Delete everything the drills wrote? The real event's data stays.</source>
        <translation>删除演练写入的全部数据？真实保障的数据保留不动。</translation>
    </message>
    <message>
        <source>Wiped drill(s) {0}</source>
        <translation>已清除演练 {0}</translation>
    </message>
    <message>
        <source>After-action report</source>
        <translation>复盘报告</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日间</translation>
    </message>
    <message>
        <source>PDF (*.pdf);;Excel (*.xlsx)</source>
        <translation>PDF 文件 (*.pdf);;Excel 文件 (*.xlsx)</translation>
    </message>
    <message>
        <source>Gathering the after-action report…</source>
        <translation>正在汇总复盘报告…</translation>
    </message>
    <message>
        <source>After-action report written: {0}</source>
        <translation>复盘报告已写入：{0}</translation>
    </message>
</context>
<context>
    <name>DockKeys</name>
    <message>
        <source>&amp;Go to panel</source>
        <extracomment>Dock object names in key order (Alt+1 …). The dock in front on a role's first start.</extracomment>
        <translation>转到面板(&amp;G)</translation>
    </message>
</context>
<context>
    <name>DrillDialog</name>
    <message>
        <source>Run drill</source>
        <extracomment>The application's entry point (the drill runs as ``python app.py drill``). The drill's lower CPU priority: on a busy machine the desk's event loop goes before the drill's devices (the drill then runs slower than asked, and says so in its realised speed).</extracomment>
        <translation>开始演练</translation>
    </message>
    <message>
        <source>the demo's scenario</source>
        <translation>演示脚本</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>演练脚本</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>倍速</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日间</translation>
    </message>
    <message>
        <source>the scenario's end (HH:MM)</source>
        <translation>脚本的结束时间（时:分）</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Drill scenario</source>
        <translation>演练脚本</translation>
    </message>
    <message>
        <source>Scenarios (*.yaml *.yml *.json)</source>
        <translation>演练脚本 (*.yaml *.yml *.json)</translation>
    </message>
</context>
<context>
    <name>DutyDock</name>
    <message>
        <source>Duty desk</source>
        <extracomment>Item fields the form edits. Tables the dock's edits write (a desk whose role may not write them gets a read-only dock).</extracomment>
        <translation>值班台</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <extracomment>The item loaded into the form for editing: (id, version, form values as loaded, values shown). Customer-service counts for "external service", set by the customer dock off the GUI thread. Other desks' changes are read on this thread, one read for a burst (:class:`CoalescedRead`).</extracomment>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Open meeting</source>
        <translation>开始会商(&amp;O)</translation>
    </message>
    <message>
        <source>Start the day's meeting and carry open items over to it (Alt+O)</source>
        <translation>开始当天会商，并转入未关闭的事项（Alt+O）</translation>
    </message>
    <message>
        <source>&amp;PDF…</source>
        <translation>PDF(&amp;P)…</translation>
    </message>
    <message>
        <source>Print the meeting record as a PDF (Ctrl+P)</source>
        <translation>将会商纪要输出为 PDF（Ctrl+P）</translation>
    </message>
    <message>
        <source>&amp;Meeting</source>
        <translation>会商(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Roster</source>
        <translation>值班表(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Contacts</source>
        <translation>联系人(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Freeze calendar</source>
        <translation>封网日历(&amp;F)</translation>
    </message>
    <message>
        <source>Meeting categories; the status on the right is compiled from the store</source>
        <translation>会商类别；右侧情况由系统自动汇总</translation>
    </message>
    <message>
        <source>The day's status of this category, compiled automatically</source>
        <translation>本类别当天情况（自动汇总）</translation>
    </message>
    <message>
        <source>Notes of this category</source>
        <translation>本类别记录</translation>
    </message>
    <message>
        <source>Type the notes; Ctrl+Enter or Ctrl+S saves</source>
        <translation>输入记录；Ctrl+Enter 或 Ctrl+S 保存</translation>
    </message>
    <message>
        <source>&amp;Save note</source>
        <translation>保存记录(&amp;S)</translation>
    </message>
    <message>
        <source>Save the note (Ctrl+Enter, Ctrl+S)</source>
        <translation>保存记录（Ctrl+Enter、Ctrl+S）</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Last follow-up</source>
        <translation>最近跟进</translation>
    </message>
    <message>
        <source>Problems and action items; overdue rows are red</source>
        <translation>问题与督办事项；逾期行标红</translation>
    </message>
    <message>
        <source>&amp;Add item</source>
        <translation>添加事项(&amp;A)</translation>
    </message>
    <message>
        <source>Raise the problem (Enter in the form)</source>
        <translation>提出问题（在表单中按 Enter）</translation>
    </message>
    <message>
        <source>&amp;Edit item</source>
        <translation>编辑事项(&amp;E)</translation>
    </message>
    <message>
        <source>Load the selected item into the form to change it (F2); Enter saves, Esc cancels</source>
        <translation>将所选事项载入表单进行修改（F2）；Enter 保存，Esc 取消</translation>
    </message>
    <message>
        <source>Cate&amp;gory:</source>
        <translation>类别(&amp;G)：</translation>
    </message>
    <message>
        <source>Pro&amp;blem:</source>
        <translation>问题(&amp;B)：</translation>
    </message>
    <message>
        <source>Pla&amp;n:</source>
        <translation>措施(&amp;N)：</translation>
    </message>
    <message>
        <source>O&amp;wner:</source>
        <translation>责任人(&amp;W)：</translation>
    </message>
    <message>
        <source>Dead&amp;line:</source>
        <translation>期限(&amp;L)：</translation>
    </message>
    <message>
        <source>Follow-up of the selected item</source>
        <translation>所选事项的跟进情况</translation>
    </message>
    <message>
        <source>Follow &amp;up</source>
        <translation>跟进(&amp;U)</translation>
    </message>
    <message>
        <source>Add the follow-up to the selected item (Enter)</source>
        <translation>为所选事项添加跟进（Enter）</translation>
    </message>
    <message>
        <source>&amp;Close item</source>
        <translation>销号(&amp;C)</translation>
    </message>
    <message>
        <source>Close the selected item with the text as closing note (Ctrl+Shift+Enter)</source>
        <translation>以所填文字为销号说明关闭所选事项（Ctrl+Shift+Enter）</translation>
    </message>
    <message>
        <source>Follow-up:</source>
        <translation>跟进：</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Leader on duty</source>
        <translation>值班领导</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Units on double shift</source>
        <translation>双岗单位</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>领导</translation>
    </message>
    <message>
        <source>Set &amp;leader</source>
        <translation>设置值班领导(&amp;L)</translation>
    </message>
    <message>
        <source>Set the leader on duty of the shift (Enter)</source>
        <translation>设置该班次的值班领导（Enter）</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>On duty now: — (no roster entry)</source>
        <extracomment>Other features add their frozen actions below the works (customer service: arrears chasing …).</extracomment>
        <translation>当前值班：—（值班表无此班次）</translation>
    </message>
    <message>
        <source>On duty now: {0} {1} {2}</source>
        <translation>当前值班：{0} {1} {2}</translation>
    </message>
    <message>
        <source>The duty leader of the shift running now; the meeting of {0} is led by {1}</source>
        <translation>当前班次的值班领导；{0} 会商由 {1} 主持</translation>
    </message>
    <message>
        <source>Important users</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Work</source>
        <translation>工程</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Nearest guarded place</source>
        <translation>最近保障点</translation>
    </message>
    <message>
        <source>Distance (m)</source>
        <translation>距离（米）</translation>
    </message>
    <message>
        <source>Planned works inside the event window, nearest to a guarded place first; red rows are near one</source>
        <translation>活动期间内的计划施工，距保障点最近者在前；红色行为邻近保障点</translation>
    </message>
    <message>
        <source>No event: the freeze calendar needs the event window</source>
        <translation>无活动：封网日历需要活动时段</translation>
    </message>
    <message>
        <source>{0} planned works inside the event window ({1} near a guarded place)</source>
        <translation>活动期间内计划施工 {0} 处（邻近保障点 {1} 处）</translation>
    </message>
    <message>
        <source>Measuring the day's coverage…</source>
        <translation>正在计算当日巡检覆盖率…</translation>
    </message>
    <message>
        <source>Select an action item first</source>
        <translation>请先选择督办事项</translation>
    </message>
    <message>
        <source>Note: {0}</source>
        <translation>记录：{0}</translation>
    </message>
    <message>
        <source>Note saved</source>
        <translation>记录已保存</translation>
    </message>
    <message>
        <source>Raise item</source>
        <translation>提出事项</translation>
    </message>
    <message>
        <source>Item {0} raised</source>
        <translation>已提出事项 {0}</translation>
    </message>
    <message>
        <source>Follow up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Close item</source>
        <translation>销号</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Save &amp;changes</source>
        <translation>保存修改(&amp;C)</translation>
    </message>
    <message>
        <source>Editing {0}: Enter saves, Esc cancels</source>
        <translation>正在编辑 {0}：Enter 保存，Esc 取消</translation>
    </message>
    <message>
        <source>Edit cancelled</source>
        <translation>已取消编辑</translation>
    </message>
    <message>
        <source>Nothing changed</source>
        <translation>没有修改</translation>
    </message>
    <message>
        <source>Edit item {0}</source>
        <translation>编辑事项 {0}</translation>
    </message>
    <message>
        <source>Item {0} saved</source>
        <translation>事项 {0} 已保存</translation>
    </message>
    <message>
        <source>Set leader on duty</source>
        <translation>设置值班领导</translation>
    </message>
    <message>
        <source>Meeting record PDF</source>
        <translation>会商纪要 PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF 文件 (*.pdf)</translation>
    </message>
    <message>
        <source>Meeting record written to {0}</source>
        <translation>会商纪要已写入 {0}</translation>
    </message>
</context>
<context>
    <name>DutyText</name>
    <message>
        <source>Repair coordination</source>
        <translation>抢修协调</translation>
    </message>
    <message>
        <source>Network patrol</source>
        <translation>管网巡检</translation>
    </message>
    <message>
        <source>Safety</source>
        <translation>安全保卫</translation>
    </message>
    <message>
        <source>Staff stability</source>
        <translation>队伍稳定</translation>
    </message>
    <message>
        <source>External service</source>
        <translation>对外服务</translation>
    </message>
    <message>
        <source>Information reporting</source>
        <translation>信息报送</translation>
    </message>
    <message>
        <source>dispatch</source>
        <translation>派单</translation>
    </message>
    <message>
        <source>arrival</source>
        <translation>到场</translation>
    </message>
    <message>
        <source>isolation</source>
        <translation>关阀止水</translation>
    </message>
    <message>
        <source>repair</source>
        <translation>抢修</translation>
    </message>
    <message>
        <source>restoration</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>day shift</source>
        <translation>白班</translation>
    </message>
    <message>
        <source>night shift</source>
        <translation>夜班</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已销号</translation>
    </message>
    <message>
        <source>OVERDUE</source>
        <translation>逾期</translation>
    </message>
    <message>
        <source>open</source>
        <translation>未完成</translation>
    </message>
    <message>
        <source>carried over</source>
        <translation>转入</translation>
    </message>
    <message>
        <source>follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Repairs: {0} ({1} open)</source>
        <translation>抢修：{0} 起（未完成 {1} 起）</translation>
    </message>
    <message>
        <source>By level: {0}</source>
        <translation>按级别：{0}</translation>
    </message>
    <message>
        <source>Time limits overrun: none</source>
        <translation>超时限：无</translation>
    </message>
    <message>
        <source>Overrun: {0} (level {1}) {2} {3:.0f} min, target {4:.0f} min</source>
        <translation>超时：{0}（{1}级）{2} {3:.0f} 分钟，时限 {4:.0f} 分钟</translation>
    </message>
    <message>
        <source> (still running)</source>
        <translation>（仍在计时）</translation>
    </message>
    <message>
        <source>No coverage data</source>
        <translation>暂无巡检覆盖数据</translation>
    </message>
    <message>
        <source>{0}: coverage {1:.0%}</source>
        <translation>{0}：覆盖率 {1:.0%}</translation>
    </message>
    <message>
        <source>, key points reached {0:.0%}</source>
        <translation>，关键点到位率 {0:.0%}</translation>
    </message>
    <message>
        <source>Hazards found by patrol: {0} ({1} handled, {2} still new)</source>
        <translation>巡查发现隐患：{0} 处（已处置 {1}，待处置 {2}）</translation>
    </message>
    <message>
        <source>Hazards of earlier days still new: {0}</source>
        <translation>前日隐患仍待处置：{0} 处</translation>
    </message>
    <message>
        <source>Leak survey: {0} of {1} points read</source>
        <translation>测漏：已测 {0} / 应测 {1} 个测点</translation>
    </message>
    <message>
        <source>; overdue: {0} points</source>
        <translation>；逾期未测 {0} 个</translation>
    </message>
    <message>
        <source>; still due today: {0} points</source>
        <translation>；今日待测 {0} 个</translation>
    </message>
    <message>
        <source>Zero reports received: {0} of {1} ({2} units × slots {3})</source>
        <translation>零报告已收到：{0}/{1}（{2} 个单位 × 时段 {3}）</translation>
    </message>
    <message>
        <source>Missing (alarm): {0}</source>
        <translation>未报（告警）：{0}</translation>
    </message>
    <message>
        <source>Missing reports: none</source>
        <translation>未报：无</translation>
    </message>
    <message>
        <source>Incident: {0} {1}: {2}</source>
        <translation>情况：{0} {1}：{2}</translation>
    </message>
    <message>
        <source>Leader on duty: {0}</source>
        <translation>值班领导：{0}</translation>
    </message>
    <message>
        <source>Leader on duty: not on the roster</source>
        <translation>值班领导：值班表未排</translation>
    </message>
    <message>
        <source>Units on double shift: {0}</source>
        <translation>双岗单位：{0} 个</translation>
    </message>
    <message>
        <source>Notifications today: {0} sent, {1} queued, {2} failed</source>
        <translation>今日通报：已发 {0}，待发 {1}，失败 {2}</translation>
    </message>
    <message>
        <source>Meters overdue {0}, due within a month {1}; zero-volume users {2}</source>
        <translation>水表超期 {0} 块，一个月内到期 {1} 块；零水量用户 {2} 户</translation>
    </message>
    <message>
        <source>Service tickets open {0}, past response time {1}; connection jobs late {2}</source>
        <translation>服务工单未结 {0} 件，超过响应时限 {1} 件；报装超时 {2} 件</translation>
    </message>
    <message>
        <source>Readers past tenure {0}; routes read and collected by one person {1}</source>
        <translation>抄表员超任期 {0} 人；抄表收费同一人的抄表册 {1} 本</translation>
    </message>
    <message>
        <source>Open action items: {0} ({1} overdue)</source>
        <translation>未完成事项：{0}（逾期 {1}）</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>GeoPackage: patches, requirements, coverage, repairs, tracks (*.gpkg);;Excel: repairs and action items (*.xlsx)</source>
        <translation>GeoPackage：管片、巡检要求、覆盖率、抢修、轨迹 (*.gpkg);;Excel：抢修与督办事项 (*.xlsx)</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
</context>
<context>
    <name>FeatureController</name>
    <message>
        <source>Unknown feature kind: {0}</source>
        <translation>未知要素类型：{0}</translation>
    </message>
    <message>
        <source>A {0} needs a {1} geometry, not {2}.</source>
        <translation>{0} 需要 {1} 几何，而不是 {2}。</translation>
    </message>
    <message>
        <source>New {0}</source>
        <translation>新建 {0}</translation>
    </message>
    <message>
        <source>Could not store the {0}: {1}</source>
        <translation>无法保存 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>FeedController</name>
    <message>
        <source>Cannot listen on {0}: {1}</source>
        <extracomment>Drain period (ms): 10–20 Hz looks smooth and costs little. Live-layer kind of a followed drill's patrollers on foot (drawn as patrollers). A drill's vehicle: the drill's clock (its silence is judged by it, not the wall clock). Internal: vehicle rows read from the store on a worker thread (queued to the GUI thread). Internal: the drill's patrollers' newest fixes read on the worker thread (queued, before the rows). The field phones' page and API (services.field.server.FieldServer), when serving. A followed drill's patrollers: device → (t, x, y) of the newest stored fix (rows read up to _patrol_since). The vehicle rows' reads for :meth:`reload_vehicles_later` (a burst of requests: at most two reads).</extracomment>
        <translation>无法在 {0} 监听：{1}</translation>
    </message>
    <message>
        <source>Cannot serve the field page on {0}: {1}</source>
        <translation>无法在 {0} 提供现场手机页面：{1}</translation>
    </message>
    <message>
        <source>Cannot read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <source>Cannot start the simulator: {0}</source>
        <translation>无法启动模拟器：{0}</translation>
    </message>
    <message>
        <source>OsmAnd :{0}</source>
        <translation>OsmAnd :{0}</translation>
    </message>
    <message>
        <source>NMEA {0}:{1}</source>
        <translation>NMEA {0}:{1}</translation>
    </message>
    <message>
        <source>simulator</source>
        <translation>模拟器</translation>
    </message>
    <message>
        <source>field page :{0}</source>
        <translation>现场手机页面 :{0}</translation>
    </message>
    <message>
        <source>no feed</source>
        <translation>无定位源</translation>
    </message>
    <message>
        <source>Position feeds: {0} · {1} vehicles, {2} lost</source>
        <translation>位置数据：{0} · {1} 辆车，{2} 辆失联</translation>
    </message>
</context>
<context>
    <name>FeedMenu</name>
    <message>
        <source>Position fee&amp;ds</source>
        <translation>位置数据接入(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;OsmAnd / Traccar Client listener…</source>
        <translation>OsmAnd / Traccar 客户端监听(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;NMEA over TCP / gpsd client…</source>
        <translation>NMEA TCP / gpsd 客户端(&amp;N)…</translation>
    </message>
    <message>
        <source>Demo vehicle &amp;simulator</source>
        <translation>演示车辆模拟器(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Field page for phones (hazards, zero reports)…</source>
        <translation>现场手机页面（隐患上报、零报告）(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Register unknown devices as vehicles</source>
        <translation>将未知设备登记为车辆(&amp;R)</translation>
    </message>
    <message>
        <source>OsmAnd / Traccar Client listener</source>
        <translation>OsmAnd / Traccar 客户端监听</translation>
    </message>
    <message>
        <source>Listen on HOST:PORT (0.0.0.0 for phones on the network):</source>
        <translation>监听地址 主机:端口（网络中的手机用 0.0.0.0）：</translation>
    </message>
    <message>
        <source>NMEA over TCP / gpsd</source>
        <translation>NMEA TCP / gpsd</translation>
    </message>
    <message>
        <source>Connect to HOST:PORT:</source>
        <translation>连接 主机:端口：</translation>
    </message>
    <message>
        <source>Field page for phones</source>
        <translation>现场手机页面</translation>
    </message>
    <message>
        <source>Serve on HOST:PORT (0.0.0.0 for phones on the network):</source>
        <translation>服务地址 主机:端口（网络中的手机用 0.0.0.0）：</translation>
    </message>
    <message>
        <source>Phones open {0}</source>
        <translation>手机打开 {0}</translation>
    </message>
</context>
<context>
    <name>FieldTokensPdf</name>
    <message>
        <source>Field phones: registration codes</source>
        <extracomment>Cards per page: columns × rows on A4 portrait.</extracomment>
        <translation>现场手机登记二维码</translation>
    </message>
    <message>
        <source>Patroller: hazard reports</source>
        <translation>巡查人员：隐患上报</translation>
    </message>
    <message>
        <source>Reporting unit: zero reports</source>
        <translation>报告单位：零报告</translation>
    </message>
    <message>
        <source>No patrollers or reporting units in the store.</source>
        <translation>库中没有巡查人员或报告单位。</translation>
    </message>
    <message>
        <source>Printed {0}. Keep this sheet safe: a code works until a new sheet is printed. Page {1}/{2}</source>
        <translation>打印于 {0}。请妥善保管：二维码在重新打印前一直有效。第 {1}/{2} 页</translation>
    </message>
    <message>
        <source>Team / unit: {0}</source>
        <translation>班组/单位：{0}</translation>
    </message>
    <message>
        <source>Code: {0}</source>
        <translation>令牌：{0}</translation>
    </message>
</context>
<context>
    <name>FileActions</name>
    <message>
        <source>&amp;New event…</source>
        <translation>新建活动(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open store…</source>
        <translation>打开数据库(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Event &amp;settings…</source>
        <translation>活动设置(&amp;S)…</translation>
    </message>
    <message>
        <source>Open store</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>WaterGuard store (*.sqlite *.db);;All files (*)</source>
        <translation>数据库文件 (*.sqlite *.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Pipes (GIS file)</source>
        <extracomment>Import kinds the dialog offers, with their titles.</extracomment>
        <translation>管段（GIS 文件）</translation>
    </message>
    <message>
        <source>Valves (GIS file)</source>
        <translation>阀门（GIS 文件）</translation>
    </message>
    <message>
        <source>Hydrants (GIS file)</source>
        <translation>消火栓（GIS 文件）</translation>
    </message>
    <message>
        <source>Water sources (GIS file)</source>
        <translation>水源（GIS 文件）</translation>
    </message>
    <message>
        <source>Streets (OSM .pbf or GIS file)</source>
        <translation>道路（OSM 或 GIS 文件）</translation>
    </message>
    <message>
        <source>Teams (spreadsheet)</source>
        <translation>班组（表格）</translation>
    </message>
    <message>
        <source>Staff (spreadsheet)</source>
        <translation>人员（表格）</translation>
    </message>
    <message>
        <source>Vehicles (spreadsheet)</source>
        <translation>车辆（表格）</translation>
    </message>
    <message>
        <source>GPS devices (spreadsheet)</source>
        <translation>定位设备（表格）</translation>
    </message>
    <message>
        <source>Reporting units (spreadsheet)</source>
        <translation>报告单位（表格）</translation>
    </message>
    <message>
        <source>Contacts (spreadsheet)</source>
        <translation>联系人（表格）</translation>
    </message>
    <message>
        <source>Spare parts (spreadsheet)</source>
        <translation>备品备件（表格）</translation>
    </message>
    <message>
        <source>Duty roster (spreadsheet)</source>
        <translation>值班表（表格）</translation>
    </message>
    <message>
        <source>Leak-survey readings (noise logger CSV)</source>
        <translation>测漏数据（噪声记录仪CSV）</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>What the file holds:</source>
        <translation>文件内容：</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <source>Imported before</source>
        <translation>此前已导入</translation>
    </message>
    <message>
        <source>{0} was already imported as {1} on {2} ({3} rows, as {4}).</source>
        <translation>{0} 已于 {2} 作为“{1}”导入过（{3} 行，文件名 {4}）。</translation>
    </message>
    <message>
        <source>Replace that import with this file, add this file again as well, or skip it?</source>
        <translation>用本文件替换那次导入、再次追加导入，还是跳过？</translation>
    </message>
    <message>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <source>Add again</source>
        <translation>再次追加</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Choose a file first.</source>
        <translation>请先选择文件。</translation>
    </message>
    <message>
        <source>Skipped {0}: imported before, nothing done.</source>
        <translation>已跳过 {0}：此前已导入，未作任何改动。</translation>
    </message>
    <message>
        <source>Imported {0} from {1}.</source>
        <translation>已从 {1} 导入 {0} 条。</translation>
    </message>
    <message>
        <source>The earlier import of this file was replaced ({0} rows removed).</source>
        <translation>已替换此文件先前的导入（删除 {0} 行）。</translation>
    </message>
    <message>
        <source>Added again: this file was imported before.</source>
        <translation>已再次追加：此文件此前导入过。</translation>
    </message>
    <message>
        <source>Nothing was stored.</source>
        <translation>未写入任何数据。</translation>
    </message>
    <message>
        <source>{0}: row {1}, column {2}: {3}</source>
        <translation>{0}：第 {1} 行，{2} 列：{3}</translation>
    </message>
</context>
<context>
    <name>FrozenActionsPanel</name>
    <message>
        <source>account number</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Request &amp;arrears chasing</source>
        <translation>申请欠费催缴(&amp;A)</translation>
    </message>
    <message>
        <source>Ask to chase this account's arrears now; refused inside the event window</source>
        <translation>申请现在催缴该户欠费；活动保障期内将被拒绝</translation>
    </message>
    <message>
        <source>arrears chasing</source>
        <translation>欠费催缴</translation>
    </message>
    <message>
        <source>treatment process change</source>
        <translation>净水工艺调整</translation>
    </message>
    <message>
        <source>planned shutdown</source>
        <translation>计划停水</translation>
    </message>
    <message>
        <source>No event: nothing is frozen for customer service</source>
        <translation>无活动：客户服务没有冻结事项</translation>
    </message>
    <message>
        <source>Frozen during {0}:</source>
        <translation>{0}期间冻结：</translation>
    </message>
    <message>
        <source>  {0}: {1} – {2}</source>
        <translation>  {0}：{1} – {2}</translation>
    </message>
    <message>
        <source>Not done: {0}</source>
        <translation>未完成：{0}</translation>
    </message>
    <message>
        <source>Refused: arrears chasing is frozen during {0} ({1} – {2})</source>
        <translation>已拒绝：{0}期间（{1} – {2}）冻结欠费催缴</translation>
    </message>
    <message>
        <source>Accepted: arrears chasing is not frozen now</source>
        <translation>已受理：当前未冻结欠费催缴</translation>
    </message>
</context>
<context>
    <name>HazardsDock</name>
    <message>
        <source>Hazards</source>
        <extracomment>Row colour of a hazard still waiting for the desk. The list was (re)read: the hazards shown (the map layer follows it). Tables the dock's edits write.</extracomment>
        <translation>隐患</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Show this photo large</source>
        <translation>放大显示此照片</translation>
    </message>
    <message>
        <source>Make an emergency repair</source>
        <translation>转为抢修</translation>
    </message>
    <message>
        <source>Open an emergency repair at the hazard; its time limits run from the patroller's report time</source>
        <translation>在隐患位置开具抢修单；时限从巡查员上报时间起算</translation>
    </message>
    <message>
        <source>Action item for the meeting</source>
        <translation>列入会商事项</translation>
    </message>
    <message>
        <source>Raise the hazard as an action item at today's meeting</source>
        <translation>将隐患列为今日会商的待办事项</translation>
    </message>
    <message>
        <source>Close with reason…</source>
        <translation>说明原因后关闭…</translation>
    </message>
    <message>
        <source>Close the hazard without action; a reason is required</source>
        <translation>不作处置关闭隐患，须说明原因</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>The hazards could not be read: {0}</source>
        <translation>无法读取隐患：{0}</translation>
    </message>
    <message>
        <source>Today {0} reported, {1} waiting for the desk</source>
        <translation>今日上报 {0} 处，待处置 {1} 处</translation>
    </message>
    <message>
        <source>Select a hazard to see its photos and place.</source>
        <translation>选择一条隐患以查看照片和位置。</translation>
    </message>
    <message>
        <source>Reported by {0} at {1}</source>
        <translation>{0} 于 {1} 上报</translation>
    </message>
    <message>
        <source>(unknown)</source>
        <translation>（未知）</translation>
    </message>
    <message>
        <source>No position was sent</source>
        <translation>未上传位置</translation>
    </message>
    <message>
        <source>Position within {0:.0f} m</source>
        <translation>定位精度 {0:.0f} 米</translation>
    </message>
    <message>
        <source>Closed: {0}</source>
        <translation>已关闭：{0}</translation>
    </message>
    <message>
        <source>Handled by {0}</source>
        <translation>处置人：{0}</translation>
    </message>
    <message>
        <source>Loading the photos…</source>
        <translation>正在读取照片…</translation>
    </message>
    <message>
        <source>The photos could not be read: {0}</source>
        <translation>照片无法读取：{0}</translation>
    </message>
    <message>
        <source>No photo</source>
        <translation>无照片</translation>
    </message>
    <message>
        <source>The photo cannot be shown</source>
        <translation>无法显示该照片</translation>
    </message>
    <message>
        <source>{0} was changed at another desk.</source>
        <translation>{0} 已在其他席位被修改。</translation>
    </message>
    <message>
        <source>{0} was changed at another desk; the list is read again.</source>
        <translation>{0} 已在其他席位被修改，列表已重新读取。</translation>
    </message>
    <message>
        <source>{0} was already handled at another desk ({1}, by {2}); nothing was changed here.</source>
        <translation>{0} 已在其他席位处置（{1}，处置人 {2}），本席位未作任何修改。</translation>
    </message>
    <message>
        <source>&amp;Problem:</source>
        <translation>问题(&amp;P)：</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>What the meeting should settle</source>
        <translation>需会商解决的问题</translation>
    </message>
    <message>
        <source>Raise</source>
        <translation>列入</translation>
    </message>
    <message>
        <source>&amp;Reason:</source>
        <translation>原因(&amp;R)：</translation>
    </message>
    <message>
        <source>Why nothing needs to be done</source>
        <translation>无需处置的原因</translation>
    </message>
    <message>
        <source>Close hazard</source>
        <translation>关闭隐患</translation>
    </message>
    <message>
        <source>A reason is required to close a hazard.</source>
        <translation>关闭隐患须填写原因。</translation>
    </message>
    <message>
        <source>Say what the meeting should settle.</source>
        <translation>请填写需会商解决的问题。</translation>
    </message>
    <message>
        <source>Close hazard {0}</source>
        <translation>关闭隐患 {0}</translation>
    </message>
    <message>
        <source>{0} closed.</source>
        <translation>{0} 已关闭。</translation>
    </message>
    <message>
        <source>Action item for hazard {0}</source>
        <translation>隐患 {0} 列入会商事项</translation>
    </message>
    <message>
        <source>{0} raised as action item {1} for the meeting.</source>
        <translation>{0} 已列为会商事项 {1}。</translation>
    </message>
    <message>
        <source>Emergency repair {0} opened.</source>
        <extracomment>The tables the Hazards dock and layer show (a change to any reloads them).</extracomment>
        <translation>已开具抢修单 {0}。</translation>
    </message>
</context>
<context>
    <name>IdentifyDock</name>
    <message>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <source>Click a feature with the identify tool.</source>
        <translation>用识别工具点击要素。</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Nothing here.</source>
        <translation>此处无要素。</translation>
    </message>
</context>
<context>
    <name>IdentifyList</name>
    <message>
        <source>Everything under the click; choose one to see its attributes</source>
        <translation>点击处的全部要素；选择一个查看属性</translation>
    </message>
</context>
<context>
    <name>IsolationOrderPdf</name>
    <message>
        <source>Valve isolation order</source>
        <translation>关阀停水作业单</translation>
    </message>
    <message>
        <source>isolated</source>
        <translation>位于关阀区内</translation>
    </message>
    <message>
        <source>cut off from every source</source>
        <translation>与所有水源断开</translation>
    </message>
    <message>
        <source>venue</source>
        <translation>场馆</translation>
    </message>
    <message>
        <source>residence</source>
        <translation>驻地</translation>
    </message>
    <message>
        <source>key unit</source>
        <translation>重点单位</translation>
    </message>
    <message>
        <source>hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>government</source>
        <translation>政府</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>pressure reducing valve</source>
        <translation>减压阀</translation>
    </message>
    <message>
        <source>pressure sustaining valve</source>
        <translation>持压阀</translation>
    </message>
    <message>
        <source>pressure breaker valve</source>
        <translation>压力断路阀</translation>
    </message>
    <message>
        <source>flow control valve</source>
        <translation>流量控制阀</translation>
    </message>
    <message>
        <source>throttle control valve</source>
        <translation>节流控制阀</translation>
    </message>
    <message>
        <source>general purpose valve</source>
        <translation>通用阀</translation>
    </message>
    <message>
        <source>important user</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>internal</source>
        <translation>内部</translation>
    </message>
    <message>
        <source>media</source>
        <translation>媒体</translation>
    </message>
    <message>
        <source>Pipe {0}</source>
        <translation>管段{0}</translation>
    </message>
    <message>
        <source>Repair {0}, pipe {1}</source>
        <translation>抢修单{0}，管段{1}</translation>
    </message>
    <message>
        <source>Printed {0}</source>
        <translation>打印时间{0}</translation>
    </message>
    <message>
        <source>Out of water: {0:,.0f} m of pipe. Isolated: {1} pipe(s), {2:,.0f} m. Cut off from every source: {3} pipe(s), {4:,.0f} m. Hydrants: {5}.</source>
        <translation>停水管长{0:,.0f}米。关阀区内：{1}条管段，{2:,.0f}米。与所有水源断开：{3}条管段，{4:,.0f}米。停水消火栓：{5}个。</translation>
    </message>
    <message>
        <source>No valve bounds the break: it takes shutting source(s) {0}.</source>
        <translation>破损处没有阀门可以隔断：需要关停水源{0}。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0}（{1}）</translation>
    </message>
    <message>
        <source>WARNING: guarded places out of water: {0}</source>
        <translation>警告：保障场所停水：{0}</translation>
    </message>
    <message>
        <source>Valves in the order to close them ({0})</source>
        <translation>关阀顺序（{0}）</translation>
    </message>
    <message>
        <source>from the supply side inward</source>
        <translation>从供水侧向内</translation>
    </message>
    <message>
        <source>from the break outward</source>
        <translation>从破损处向外</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>顺序</translation>
    </message>
    <message>
        <source>Valve</source>
        <translation>阀门</translation>
    </message>
    <message>
        <source>DN</source>
        <translation>管径</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>From source (m)</source>
        <translation>距水源（米）</translation>
    </message>
    <message>
        <source>Route (m)</source>
        <translation>行进（米）</translation>
    </message>
    <message>
        <source>Closed at</source>
        <translation>关闭时间</translation>
    </message>
    <message>
        <source>Route (m, min)</source>
        <translation>行进（米，分钟）</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Crew route: along the streets, from the break, then valve to valve.</source>
        <translation>班组路线：沿街道，从破损处出发，再逐个阀门前往。</translation>
    </message>
    <message>
        <source>Crew route: distance along the pipe network (no streets in the store).</source>
        <translation>班组路线：按沿管网的距离计算（库中没有街道）。</translation>
    </message>
    <message>
        <source>… and {0} more valve(s)</source>
        <translation>……另有{0}个阀门</translation>
    </message>
    <message>
        <source>Affected users and contacts to notify</source>
        <translation>受影响用户及需通知的联系人</translation>
    </message>
    <message>
        <source>to notify</source>
        <translation>需通知</translation>
    </message>
    <message>
        <source>No important user or guarded place goes dry.</source>
        <translation>没有重要用户或保障场所停水。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>……另有{0}项</translation>
    </message>
    <message>
        <source>Ordered by (duty leader): ____________  time: ________</source>
        <translation>下令人（值班领导）：____________  时间：________</translation>
    </message>
    <message>
        <source>Valves closed (crew leader): ____________  time: ________</source>
        <translation>关阀完成（班组长）：____________  时间：________</translation>
    </message>
    <message>
        <source>Supply restored, valves reopened: ____________  time: ________</source>
        <translation>恢复供水、阀门重开：____________  时间：________</translation>
    </message>
    <message>
        <source>No pipe geometry to draw.</source>
        <translation>没有可绘制的管线图形。</translation>
    </message>
    <message>
        <source>valve, step to close</source>
        <translation>阀门及关闭顺序</translation>
    </message>
    <message>
        <source>{0:,.0f} m</source>
        <translation>{0:,.0f}米</translation>
    </message>
    <message>
        <source>N</source>
        <translation>北</translation>
    </message>
</context>
<context>
    <name>IsolationPanel</name>
    <message>
        <source>Compute valve isolation</source>
        <translation>计算关阀方案</translation>
    </message>
    <message>
        <source>Valve broken</source>
        <translation>阀门损坏</translation>
    </message>
    <message>
        <source>Valve inaccessible</source>
        <translation>阀门无法操作</translation>
    </message>
    <message>
        <source>Allow control valves</source>
        <translation>允许关闭控制阀</translation>
    </message>
    <message>
        <source>Pressure reducing, sustaining, flow and throttle valves are not shut-off valves: close them only when you allow it</source>
        <translation>减压阀、持压阀、流量控制阀和节流阀不是检修阀：只有在您允许时才关闭</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Computing the valve isolation…</source>
        <translation>正在计算关阀方案…</translation>
    </message>
    <message>
        <source>Valve to close</source>
        <translation>需关闭阀门</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>顺序</translation>
    </message>
    <message>
        <source>DN</source>
        <translation>管径</translation>
    </message>
    <message>
        <source>From source (m)</source>
        <translation>距水源（米）</translation>
    </message>
    <message>
        <source>Route (m)</source>
        <translation>行进（米）</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Out of water</source>
        <translation>停水范围</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>可选方案</translation>
    </message>
    <message>
        <source>Option</source>
        <translation>方案</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭阀门</translation>
    </message>
    <message>
        <source>Leave open</source>
        <translation>保持开启</translation>
    </message>
    <message>
        <source>Dry (m)</source>
        <translation>停水（米）</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Guarded places dry</source>
        <translation>停水的保障场所</translation>
    </message>
    <message>
        <source>Why this option (required when a guarded place goes dry)</source>
        <translation>选择此方案的理由（保障场所停水时必填）</translation>
    </message>
    <message>
        <source>Choose option and notify</source>
        <translation>选定方案并通知</translation>
    </message>
    <message>
        <source>Pressure step</source>
        <translation>压力计算</translation>
    </message>
    <message>
        <source>Print isolation order…</source>
        <translation>打印关阀作业单…</translation>
    </message>
    <message>
        <source>isolated</source>
        <translation>位于关阀区内</translation>
    </message>
    <message>
        <source>cut off from every source</source>
        <translation>与所有水源断开</translation>
    </message>
    <message>
        <source>venue</source>
        <translation>场馆</translation>
    </message>
    <message>
        <source>residence</source>
        <translation>驻地</translation>
    </message>
    <message>
        <source>key unit</source>
        <translation>重点单位</translation>
    </message>
    <message>
        <source>hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>government</source>
        <translation>政府</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Cannot isolate pipe {0}: the pipes have no from/to nodes (no network topology). Import the network with its nodes.</source>
        <translation>无法对管段{0}关阀：管段没有起止节点（缺少管网拓扑）。请导入带节点的管网。</translation>
    </message>
    <message>
        <source>Cannot isolate pipe {0}: only control valves are stored ({1}). Import the valves, or allow control valves.</source>
        <translation>无法对管段{0}关阀：只录入了控制阀（{1}）。请导入阀门，或允许关闭控制阀。</translation>
    </message>
    <message>
        <source>Cannot isolate pipe {0}: no closable valves are stored. Import the valves.</source>
        <translation>无法对管段{0}关阀：没有可关闭的阀门。请导入阀门。</translation>
    </message>
    <message>
        <source>Cannot tell what goes dry for pipe {0}: the network has no water source (works, reservoir, tank or bulk supply point). Import the sources.</source>
        <translation>无法判断管段{0}关阀后哪些区域停水：管网中没有水源（水厂、清水池、水塔或趸售供水点）。请导入水源。</translation>
    </message>
    <message>
        <source>No valve bounds the break: it takes shutting source(s) {0}.</source>
        <translation>破损处没有阀门可以隔断：需要关停水源{0}。</translation>
    </message>
    <message>
        <source>Pipe {0}: close {1} valve(s).</source>
        <translation>管段{0}：需关闭{1}个阀门。</translation>
    </message>
    <message>
        <source>Isolated: {0} pipe(s), {1:,.0f} m. Cut off from every source: {2} pipe(s), {3:,.0f} m.</source>
        <translation>关阀区内：{0}条管段，{1:,.0f}米。与所有水源断开：{2}条管段，{3:,.0f}米。</translation>
    </message>
    <message>
        <source>Out of water in total: {0:,.0f} m. Hydrants: {1}. Customers: {2}.</source>
        <translation>停水管长合计：{0:,.0f}米。消火栓：{1}个。用户：{2}。</translation>
    </message>
    <message>
        <source>none stored</source>
        <translation>未录入</translation>
    </message>
    <message>
        <source>Skipped (broken / inaccessible): {0}.</source>
        <translation>已跳过（损坏/无法操作）：{0}。</translation>
    </message>
    <message>
        <source>Control valves closed (allowed): {0}.</source>
        <translation>关闭的控制阀（已允许）：{0}。</translation>
    </message>
    <message>
        <source>Control valves not used as shut-off valves: {0}.</source>
        <translation>未作为检修阀使用的控制阀：{0}。</translation>
    </message>
    <message>
        <source>Valves in the order to close them ({0})</source>
        <translation>关阀顺序（{0}）</translation>
    </message>
    <message>
        <source>from the supply side inward</source>
        <translation>从供水侧向内</translation>
    </message>
    <message>
        <source>from the break outward</source>
        <translation>从破损处向外</translation>
    </message>
    <message>
        <source>Route along streets (m)</source>
        <translation>沿街道行进（米）</translation>
    </message>
    <message>
        <source>Route along pipes (m)</source>
        <translation>沿管网行进（米）</translation>
    </message>
    <message>
        <source>already closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>control valve</source>
        <translation>控制阀</translation>
    </message>
    <message>
        <source>No important user affected.</source>
        <translation>无重要用户受影响。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>{0} ({1}, {2})</source>
        <translation>{0}（{1}，{2}）</translation>
    </message>
    <message>
        <source>⚠ WARNING: closing these valves CUTS THE WATER SUPPLY of {0}. Mark a valve broken/inaccessible or choose another option.</source>
        <translation>⚠ 警告：关闭这些阀门将中断{0}的供水。请标记损坏/无法操作的阀门，或选择其他方案。</translation>
    </message>
    <message>
        <source>{0} (plain)</source>
        <translation>{0}（基本方案）</translation>
    </message>
    <message>
        <source>closes control valves</source>
        <translation>关闭控制阀</translation>
    </message>
    <message>
        <source>No valve set keeps the guarded places fed: they are supplied only through the part that goes dry. Arrange temporary supply (water tanker) before closing.</source>
        <translation>没有任何关阀方案能保住保障场所供水：它们只经停水区域供水。关阀前请安排临时供水（送水车）。</translation>
    </message>
    <message>
        <source>No pressure step: the network carries no hydraulic data (import it from an EPANET file).</source>
        <translation>未做压力计算：管网没有水力数据（请从EPANET文件导入）。</translation>
    </message>
    <message>
        <source>No pressure step: the isolation has no answer.</source>
        <translation>未做压力计算：关阀方案无结果。</translation>
    </message>
    <message>
        <source>No pressure step: {0}</source>
        <translation>未做压力计算：{0}</translation>
    </message>
    <message>
        <source>Pressure step ({0}, minimum {1:g} m): {2} node(s) fall below the minimum.</source>
        <translation>压力计算（{0}，最低服务压力{1:g}米）：{2}个节点低于最低压力。</translation>
    </message>
    <message>
        <source>{0}: {1:.1f} m → {2:.1f} m</source>
        <translation>{0}：{1:.1f}米 → {2:.1f}米</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>……另有{0}项</translation>
    </message>
    <message>
        <source>Customers below the minimum: {0}</source>
        <translation>低于最低压力的用户：{0}户</translation>
    </message>
    <message>
        <source>Option {0} recorded for the repair; {1} notice(s) queued.</source>
        <translation>已为抢修单记录方案{0}；{1}条通知已排队发送。</translation>
    </message>
    <message>
        <source>Running the pressure-driven simulation…</source>
        <translation>正在进行压力驱动水力模拟…</translation>
    </message>
    <message>
        <source>Save the isolation order</source>
        <translation>保存关阀作业单</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>PDF文件 (*.pdf)</translation>
    </message>
</context>
<context>
    <name>IsolationRulesDialog</name>
    <message>
        <source>Isolation rules</source>
        <translation>关阀规则</translation>
    </message>
    <message>
        <source> m</source>
        <translation> 米</translation>
    </message>
    <message>
        <source>From the supply side inward</source>
        <translation>从供水侧向内</translation>
    </message>
    <message>
        <source>From the break outward (nearest first)</source>
        <translation>从破损处向外（由近及远）</translation>
    </message>
    <message>
        <source>Minimum service pressure (head):</source>
        <translation>最低服务压力（水头）：</translation>
    </message>
    <message>
        <source>Order of closing the valves:</source>
        <translation>关阀顺序：</translation>
    </message>
    <message>
        <source>The pressure step lists the nodes and customers that fall below the minimum with the valves closed.</source>
        <translation>压力计算列出关阀后压力低于最低值的节点和用户。</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>Venue guard patrol</source>
        <translation>会场驻地保障</translation>
    </message>
    <message>
        <source>Stationed posts</source>
        <translation>输水管线露明段驻守</translation>
    </message>
    <message>
        <source>Patch patrol</source>
        <translation>管片巡检</translation>
    </message>
    <message>
        <source>Key places patrol</source>
        <translation>会场驻地、重点道路及区域巡检</translation>
    </message>
    <message>
        <source>Leak survey</source>
        <translation>测漏数据采集</translation>
    </message>
    <message>
        <source>Transmission mains patrol</source>
        <translation>输水干线、工地及路线巡检</translation>
    </message>
    <message>
        <source>venue</source>
        <translation>会场</translation>
    </message>
    <message>
        <source>residence</source>
        <translation>驻地</translation>
    </message>
    <message>
        <source>key unit</source>
        <translation>重点单位</translation>
    </message>
    <message>
        <source>hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>government</source>
        <translation>政府机关</translation>
    </message>
    <message>
        <source>school</source>
        <translation>学校</translation>
    </message>
    <message>
        <source>industry</source>
        <translation>工业企业</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>repair vehicle</source>
        <translation>抢修车</translation>
    </message>
    <message>
        <source>water tanker</source>
        <translation>送水车</translation>
    </message>
    <message>
        <source>command vehicle</source>
        <translation>指挥车</translation>
    </message>
    <message>
        <source>patrol vehicle</source>
        <translation>巡检车</translation>
    </message>
    <message>
        <source>available</source>
        <translation>待命</translation>
    </message>
    <message>
        <source>en route</source>
        <translation>赶赴途中</translation>
    </message>
    <message>
        <source>on site</source>
        <translation>在现场</translation>
    </message>
    <message>
        <source>returning</source>
        <translation>返回途中</translation>
    </message>
    <message>
        <source>off duty</source>
        <translation>收车</translation>
    </message>
    <message>
        <source>excavator</source>
        <translation>挖掘机</translation>
    </message>
    <message>
        <source>pump</source>
        <translation>排水泵</translation>
    </message>
    <message>
        <source>generator</source>
        <translation>发电机</translation>
    </message>
    <message>
        <source>welder</source>
        <translation>电焊机</translation>
    </message>
    <message>
        <source>crane</source>
        <translation>吊车</translation>
    </message>
    <message>
        <source>saw</source>
        <translation>切割锯</translation>
    </message>
    <message>
        <source>lighting</source>
        <translation>照明灯组</translation>
    </message>
    <message>
        <source>repair clamp</source>
        <translation>抢修节</translation>
    </message>
    <message>
        <source>pipe section 6 m</source>
        <translation>6 米管段</translation>
    </message>
    <message>
        <source>gate valve</source>
        <translation>闸阀</translation>
    </message>
    <message>
        <source>elbow 45°</source>
        <translation>45° 弯头</translation>
    </message>
    <message>
        <source>elbow 90°</source>
        <translation>90° 弯头</translation>
    </message>
    <message>
        <source>tee</source>
        <translation>三通</translation>
    </message>
    <message>
        <source>reducer</source>
        <translation>异径管</translation>
    </message>
    <message>
        <source>flange adaptor</source>
        <translation>法兰接头</translation>
    </message>
    <message>
        <source>dismantling joint</source>
        <translation>伸缩节</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>待发送</translation>
    </message>
    <message>
        <source>sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>发送失败</translation>
    </message>
    <message>
        <source>log only</source>
        <translation>仅记录</translation>
    </message>
    <message>
        <source>e-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <source>not yet sent</source>
        <translation>尚未发送</translation>
    </message>
    <message>
        <source>distribution main</source>
        <translation>配水管</translation>
    </message>
    <message>
        <source>transmission main</source>
        <translation>输水干管</translation>
    </message>
    <message>
        <source>service pipe</source>
        <translation>接户管</translation>
    </message>
    <message>
        <source>PE</source>
        <translation>聚乙烯（PE）</translation>
    </message>
    <message>
        <source>ductile iron</source>
        <translation>球墨铸铁</translation>
    </message>
    <message>
        <source>cast iron</source>
        <translation>灰口铸铁</translation>
    </message>
    <message>
        <source>steel</source>
        <translation>钢管</translation>
    </message>
    <message>
        <source>PVC</source>
        <translation>聚氯乙烯（PVC）</translation>
    </message>
    <message>
        <source>concrete</source>
        <translation>混凝土</translation>
    </message>
    <message>
        <source>isolation valve</source>
        <translation>闸阀</translation>
    </message>
    <message>
        <source>control valve</source>
        <translation>调节阀</translation>
    </message>
    <message>
        <source>air valve</source>
        <translation>排气阀</translation>
    </message>
    <message>
        <source>open</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>inaccessible</source>
        <translation>无法操作</translation>
    </message>
    <message>
        <source>active</source>
        <translation>施工中</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>计划中</translation>
    </message>
    <message>
        <source>suspended</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>day</source>
        <translation>白</translation>
    </message>
    <message>
        <source>night</source>
        <translation>夜</translation>
    </message>
    <message>
        <source>double shift</source>
        <translation>双班</translation>
    </message>
    <message>
        <source>vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>patroller</source>
        <translation>巡检员</translation>
    </message>
    <message>
        <source>important user</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>media</source>
        <translation>媒体</translation>
    </message>
    <message>
        <source>internal</source>
        <translation>内部</translation>
    </message>
    <message>
        <source>Chinese</source>
        <translation>中文</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Chinese name</source>
        <translation>中文名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Diameter (mm)</source>
        <translation>管径（毫米）</translation>
    </message>
    <message>
        <source>Material</source>
        <translation>材质</translation>
    </message>
    <message>
        <source>Pipe class</source>
        <translation>管线等级</translation>
    </message>
    <message>
        <source>Length (m)</source>
        <translation>长度（米）</translation>
    </message>
    <message>
        <source>Exposed</source>
        <translation>露明</translation>
    </message>
    <message>
        <source>From node</source>
        <translation>起点节点</translation>
    </message>
    <message>
        <source>To node</source>
        <translation>终点节点</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>数据来源</translation>
    </message>
    <message>
        <source>Valve type</source>
        <translation>阀门类型</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Pipe</source>
        <translation>管段</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>保障活动</translation>
    </message>
    <message>
        <source>Guard buffer (m)</source>
        <translation>保障缓冲区（米）</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Contractor</source>
        <translation>施工单位</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>计划开工</translation>
    </message>
    <message>
        <source>Planned end</source>
        <translation>计划完工</translation>
    </message>
    <message>
        <source>Workload (km)</source>
        <translation>工作量（公里）</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>From place</source>
        <translation>起点场所</translation>
    </message>
    <message>
        <source>To place</source>
        <translation>终点场所</translation>
    </message>
    <message>
        <source>Reporter</source>
        <translation>上报人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>leak</source>
        <translation>漏水</translation>
    </message>
    <message>
        <source>water on the road</source>
        <translation>路面积水</translation>
    </message>
    <message>
        <source>construction near a main</source>
        <translation>施工临近主管</translation>
    </message>
    <message>
        <source>damaged manhole or valve cover</source>
        <translation>井盖/阀门盖破损</translation>
    </message>
    <message>
        <source>low pressure</source>
        <translation>水压低</translation>
    </message>
    <message>
        <source>other hazard</source>
        <translation>其他隐患</translation>
    </message>
    <message>
        <source>new</source>
        <translation>新报</translation>
    </message>
    <message>
        <source>emergency repair</source>
        <translation>已转抢修</translation>
    </message>
    <message>
        <source>action item</source>
        <translation>已列会商事项</translation>
    </message>
    <message>
        <source>closed without action</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>patrol</source>
        <translation>巡检</translation>
    </message>
    <message>
        <source>venue guard</source>
        <translation>会场保障</translation>
    </message>
    <message>
        <source>stationed post</source>
        <translation>驻守</translation>
    </message>
    <message>
        <source>guard</source>
        <translation>护卫</translation>
    </message>
    <message>
        <source>repair crew</source>
        <translation>抢修</translation>
    </message>
    <message>
        <source>leak survey</source>
        <translation>测漏</translation>
    </message>
    <message>
        <source>leak suspected</source>
        <translation>疑似漏水</translation>
    </message>
    <message>
        <source>no leak</source>
        <translation>无漏</translation>
    </message>
    <message>
        <source>unclear</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>field page</source>
        <translation>现场上报页</translation>
    </message>
    <message>
        <source>noise logger</source>
        <translation>噪声记录仪</translation>
    </message>
    <message>
        <source>desk</source>
        <translation>指挥台</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>yes</source>
        <extracomment>Identify: which code list an attribute's values come from.</extracomment>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Patch {0}</source>
        <translation>管片 {0}</translation>
    </message>
</context>
<context>
    <name>LayerTitles</name>
    <message>
        <source>Green</source>
        <translation>绿地</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>水系</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <source>Streets</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>Patrol patches</source>
        <translation>巡检管片</translation>
    </message>
    <message>
        <source>Key areas</source>
        <translation>重点区域</translation>
    </message>
    <message>
        <source>Construction sites</source>
        <translation>施工工地</translation>
    </message>
    <message>
        <source>Residences</source>
        <translation>驻地</translation>
    </message>
    <message>
        <source>Venues</source>
        <translation>会场</translation>
    </message>
    <message>
        <source>Key units</source>
        <translation>重点单位</translation>
    </message>
    <message>
        <source>Key roads</source>
        <translation>重点道路</translation>
    </message>
    <message>
        <source>Pipes</source>
        <translation>管线</translation>
    </message>
    <message>
        <source>Motorcade routes</source>
        <translation>车队路线</translation>
    </message>
    <message>
        <source>Valves</source>
        <translation>阀门</translation>
    </message>
    <message>
        <source>Hydrants</source>
        <translation>消火栓</translation>
    </message>
    <message>
        <source>Important users</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>Patrollers and vehicles</source>
        <translation>巡检人员与车辆</translation>
    </message>
    <message>
        <source>Raster tiles</source>
        <translation>栅格底图</translation>
    </message>
    <message>
        <source>Patrol tracks</source>
        <translation>巡检轨迹</translation>
    </message>
    <message>
        <source>Patrol replay</source>
        <translation>巡查回放</translation>
    </message>
    <message>
        <source>Isolation</source>
        <translation>关阀隔离</translation>
    </message>
    <message>
        <source>Valves to close</source>
        <translation>需关闭阀门</translation>
    </message>
    <message>
        <source>Open repairs</source>
        <translation>未结抢修</translation>
    </message>
    <message>
        <source>Field hazards</source>
        <translation>现场隐患</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Meters due</source>
        <translation>到期水表</translation>
    </message>
    <message>
        <source>Zero-volume users</source>
        <translation>零水量用户</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>居民</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>非居民</translation>
    </message>
    <message>
        <source>Large user</source>
        <translation>大用户</translation>
    </message>
    <message>
        <source>Important user</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>Meter overdue</source>
        <translation>水表超期</translation>
    </message>
    <message>
        <source>Meter due</source>
        <translation>水表到期</translation>
    </message>
    <message>
        <source>Read at zero</source>
        <translation>抄见零水量</translation>
    </message>
    <message>
        <source>Not read</source>
        <translation>未抄表</translation>
    </message>
    <message>
        <source>New connection, no read yet</source>
        <translation>新装未抄表</translation>
    </message>
    <message>
        <source>Isolated pipe</source>
        <translation>关阀区内管段</translation>
    </message>
    <message>
        <source>Broken pipe</source>
        <translation>破损管段</translation>
    </message>
    <message>
        <source>Cut off from every source</source>
        <translation>与所有水源断开</translation>
    </message>
    <message>
        <source>Valve to close</source>
        <translation>需关闭阀门</translation>
    </message>
    <message>
        <source>Valve broken / inaccessible</source>
        <translation>阀门损坏或无法操作</translation>
    </message>
    <message>
        <source>Affected user</source>
        <translation>受影响用户</translation>
    </message>
    <message>
        <source>Level I repair</source>
        <translation>I级抢修</translation>
    </message>
    <message>
        <source>Level II repair</source>
        <translation>II级抢修</translation>
    </message>
    <message>
        <source>Level III repair</source>
        <translation>III级抢修</translation>
    </message>
    <message>
        <source>Level IV repair</source>
        <translation>IV级抢修</translation>
    </message>
    <message>
        <source>Level V repair</source>
        <translation>V级抢修</translation>
    </message>
</context>
<context>
    <name>LayersDock</name>
    <message>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>样式</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日间</translation>
    </message>
    <message>
        <source>Night / wall</source>
        <translation>夜间/大屏</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>Park / green</source>
        <extracomment>The class labels of the map styles, for the catalogue.</extracomment>
        <translation>公园绿地</translation>
    </message>
    <message>
        <source>Water</source>
        <translation>水域</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>建筑</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>Patrol patch</source>
        <translation>巡检管片</translation>
    </message>
    <message>
        <source>Key area</source>
        <translation>重点区域</translation>
    </message>
    <message>
        <source>Construction site</source>
        <translation>施工工地</translation>
    </message>
    <message>
        <source>Residence perimeter</source>
        <translation>驻地范围</translation>
    </message>
    <message>
        <source>Venue perimeter</source>
        <translation>会场范围</translation>
    </message>
    <message>
        <source>Key unit</source>
        <translation>重点单位</translation>
    </message>
    <message>
        <source>Key road</source>
        <translation>重点道路</translation>
    </message>
    <message>
        <source>Service pipe</source>
        <translation>接户管</translation>
    </message>
    <message>
        <source>Distribution main &lt; DN300</source>
        <translation>配水管 &lt; DN300</translation>
    </message>
    <message>
        <source>Distribution main ≥ DN300</source>
        <translation>配水管 ≥ DN300</translation>
    </message>
    <message>
        <source>Transmission main</source>
        <translation>输水干管</translation>
    </message>
    <message>
        <source>Exposed transmission segment</source>
        <translation>输水干管露明段</translation>
    </message>
    <message>
        <source>Patrol team track</source>
        <translation>巡检队轨迹</translation>
    </message>
    <message>
        <source>Venue guard track</source>
        <translation>会场保障轨迹</translation>
    </message>
    <message>
        <source>Stationed post track</source>
        <translation>驻守点轨迹</translation>
    </message>
    <message>
        <source>Other track</source>
        <translation>其他轨迹</translation>
    </message>
    <message>
        <source>Motorcade route</source>
        <translation>车队路线</translation>
    </message>
    <message>
        <source>Valve</source>
        <translation>阀门</translation>
    </message>
    <message>
        <source>Valve (closed)</source>
        <translation>阀门（关闭）</translation>
    </message>
    <message>
        <source>Hydrant</source>
        <translation>消火栓</translation>
    </message>
    <message>
        <source>Important user</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>Hospital</source>
        <translation>医院</translation>
    </message>
    <message>
        <source>Isolated pipe</source>
        <translation>关阀停水管段</translation>
    </message>
    <message>
        <source>Broken pipe</source>
        <translation>爆管管段</translation>
    </message>
    <message>
        <source>Valve to close</source>
        <translation>需关闭阀门</translation>
    </message>
    <message>
        <source>Valve broken / inaccessible</source>
        <translation>阀门损坏/无法操作</translation>
    </message>
    <message>
        <source>Affected user</source>
        <translation>受影响用户</translation>
    </message>
    <message>
        <source>Level I repair</source>
        <translation>I级抢修</translation>
    </message>
    <message>
        <source>Level II repair</source>
        <translation>II级抢修</translation>
    </message>
    <message>
        <source>Level III repair</source>
        <translation>III级抢修</translation>
    </message>
    <message>
        <source>Level IV repair</source>
        <translation>IV级抢修</translation>
    </message>
    <message>
        <source>Level V repair</source>
        <translation>V级抢修</translation>
    </message>
    <message>
        <source>Business</source>
        <translation>商业用户</translation>
    </message>
    <message>
        <source>Covered this round</source>
        <translation>本轮已巡</translation>
    </message>
    <message>
        <source>Cut off from every source</source>
        <translation>与水源断开</translation>
    </message>
    <message>
        <source>Due this round</source>
        <translation>本轮待巡</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>居民用户</translation>
    </message>
    <message>
        <source>Large user</source>
        <translation>大用户</translation>
    </message>
    <message>
        <source>Meter due</source>
        <translation>水表到期</translation>
    </message>
    <message>
        <source>Meter overdue</source>
        <translation>水表逾期</translation>
    </message>
    <message>
        <source>New connection, no read yet</source>
        <translation>新装未抄表</translation>
    </message>
    <message>
        <source>Not read</source>
        <translation>未抄表</translation>
    </message>
    <message>
        <source>Not under a patrol requirement</source>
        <translation>无巡检要求</translation>
    </message>
    <message>
        <source>Outside</source>
        <translation>范围外</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>逾期未巡</translation>
    </message>
    <message>
        <source>Patch</source>
        <translation>管片</translation>
    </message>
    <message>
        <source>Read at zero</source>
        <translation>抄见零水量</translation>
    </message>
    <message>
        <source>Residence</source>
        <translation>驻地</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>会场</translation>
    </message>
    <message>
        <source>Hazard: leak</source>
        <translation>隐患：漏水</translation>
    </message>
    <message>
        <source>Hazard: water on the road</source>
        <translation>隐患：路面积水</translation>
    </message>
    <message>
        <source>Hazard: construction near a main</source>
        <translation>隐患：施工临近主管</translation>
    </message>
    <message>
        <source>Hazard: damaged cover</source>
        <translation>隐患：井盖/阀门盖破损</translation>
    </message>
    <message>
        <source>Hazard: low pressure</source>
        <translation>隐患：水压低</translation>
    </message>
    <message>
        <source>Hazard: other</source>
        <translation>隐患：其他</translation>
    </message>
    <message>
        <source>Hazard handled</source>
        <translation>已处置隐患</translation>
    </message>
    <message>
        <source>Repair vehicle</source>
        <translation>抢修车辆</translation>
    </message>
    <message>
        <source>No requirement</source>
        <translation>无巡检要求</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Map</source>
        <extracomment>The desk's GIL switch interval (seconds), see :func:`open_desk`. What the features (map, patrol, repairs, feeds …) may use of this window.</extracomment>
        <translation>地图(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Print &amp;sheets…</source>
        <translation>打印任务单(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Wall display</source>
        <translation>大屏显示(&amp;W)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;About WaterGuard</source>
        <translation>关于 WaterGuard(&amp;A)</translation>
    </message>
    <message>
        <source>Store: {0}</source>
        <translation>数据库：{0}</translation>
    </message>
    <message>
        <source>no event</source>
        <translation>无活动</translation>
    </message>
    <message>
        <source>WaterGuard — no event</source>
        <translation>WaterGuard 保障指挥 — 无活动</translation>
    </message>
    <message>
        <source>WaterGuard — {0}</source>
        <translation>WaterGuard 保障指挥 — {0}</translation>
    </message>
    <message>
        <source>{0} (read-only)</source>
        <translation>{0}（只读）</translation>
    </message>
    <message>
        <source>{0} (dispatcher)</source>
        <translation>{0}（调度席位）</translation>
    </message>
    <message>
        <source>Pipes: {0:,}</source>
        <translation>管线：{0:,}</translation>
    </message>
    <message>
        <source>Valves: {0:,}</source>
        <translation>阀门：{0:,}</translation>
    </message>
    <message>
        <source>Venues: {0:,}</source>
        <translation>会场：{0:,}</translation>
    </message>
    <message>
        <source>Vehicles: {0:,}</source>
        <translation>车辆：{0:,}</translation>
    </message>
    <message>
        <source>About WaterGuard</source>
        <translation>关于 WaterGuard</translation>
    </message>
    <message>
        <source>&lt;h3&gt;WaterGuard&lt;/h3&gt;&lt;p&gt;Command-center GIS for keeping the water running through a major event.&lt;/p&gt;&lt;p&gt;Demo city data: {0}.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;WaterGuard 供水保障指挥&lt;/h3&gt;&lt;p&gt;重大活动期间保障城市供水的指挥中心地理信息系统。&lt;/p&gt;&lt;p&gt;演示城市数据：{0}。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Cannot open the store</source>
        <translation>无法打开数据库</translation>
    </message>
</context>
<context>
    <name>MapContextMenu</name>
    <message>
        <source>Report a leak here…</source>
        <translation>在此报漏…</translation>
    </message>
    <message>
        <source>Zoom to</source>
        <translation>缩放到此</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>复制编号</translation>
    </message>
    <message>
        <source>New repair on this pipe…</source>
        <translation>从此管段新建抢修…</translation>
    </message>
    <message>
        <source>Valve isolation of this pipe</source>
        <translation>计算此管段关阀方案</translation>
    </message>
    <message>
        <source>Show in Repairs and find vehicles</source>
        <translation>在抢修面板中显示并查找车辆</translation>
    </message>
</context>
<context>
    <name>MapLegend</name>
    <message>
        <source>Map &amp;legend</source>
        <extracomment>At most this many rows (the top layers), and swatches per row.</extracomment>
        <translation>地图图例(&amp;L)</translation>
    </message>
    <message>
        <source>A small legend of the visible layers on the map</source>
        <translation>在地图上显示可见图层的小图例</translation>
    </message>
</context>
<context>
    <name>MapMenu</name>
    <message>
        <source>&amp;Full extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Bookmarks</source>
        <translation>书签(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Raster basemap</source>
        <translation>栅格底图(&amp;R)</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>OpenStreetMap (internet)</source>
        <translation>OpenStreetMap（互联网）</translation>
    </message>
    <message>
        <source>Tianditu (needs a key)…</source>
        <translation>天地图（需密钥）…</translation>
    </message>
    <message>
        <source>Tile server URL…</source>
        <translation>瓦片服务地址…</translation>
    </message>
    <message>
        <source>Offline MBTiles file…</source>
        <translation>离线 MBTiles 文件…</translation>
    </message>
    <message>
        <source>Tianditu</source>
        <translation>天地图</translation>
    </message>
    <message>
        <source>Tianditu key (tk):</source>
        <translation>天地图密钥（tk）：</translation>
    </message>
    <message>
        <source>Tile server</source>
        <translation>瓦片服务器</translation>
    </message>
    <message>
        <source>Offline tiles</source>
        <translation>离线瓦片</translation>
    </message>
    <message>
        <source>Raster basemap</source>
        <translation>栅格底图</translation>
    </message>
</context>
<context>
    <name>MapSetup</name>
    <message>
        <source>{0} could not be loaded: {1}</source>
        <translation>{0}无法加载：{1}</translation>
    </message>
    <message>
        <source>{0}: {1} feature(s) lie far outside the rest of the network and are not drawn: {2}</source>
        <translation>{0}：{1} 个要素远离管网其余部分，未绘制：{2}</translation>
    </message>
</context>
<context>
    <name>MapTools</name>
    <message>
        <source>Pan</source>
        <extracomment>Toolbar action of each tool (when a toolbar was given), by tool key. Reloads layers another desk changed, off the GUI thread (:class:`ui.map.layer_reload.LayerReloader`). ``basemap`` default: the bundled OpenStreetMap basemap, for the demo store only (it is Liechtenstein: under another city's network it would only stretch the extent).</extracomment>
        <translation>平移</translation>
    </message>
    <message>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Measure distance</source>
        <translation>测量距离</translation>
    </message>
    <message>
        <source>Measure area</source>
        <translation>测量面积</translation>
    </message>
    <message>
        <source>Draw construction site</source>
        <translation>绘制施工工地</translation>
    </message>
    <message>
        <source>Draw key area</source>
        <translation>绘制重点区域</translation>
    </message>
</context>
<context>
    <name>MeetingPdf</name>
    <message>
        <source>Water supply guarantee meeting record</source>
        <translation>供水保障会商纪要</translation>
    </message>
    <message>
        <source>Date: {0}    Leader on duty: {1}</source>
        <translation>日期：{0}    值班领导：{1}</translation>
    </message>
    <message>
        <source>(not on the roster)</source>
        <translation>（值班表未排）</translation>
    </message>
    <message>
        <source>Meeting opened at {0}</source>
        <translation>会商开始于 {0}</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>记录</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Problems and action items</source>
        <translation>问题与督办事项</translation>
    </message>
    <message>
        <source>No action items.</source>
        <translation>无督办事项。</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>措施</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>跟进</translation>
    </message>
    <message>
        <source>Printed {0}</source>
        <translation>打印于 {0}</translation>
    </message>
</context>
<context>
    <name>MilestoneTimeDialog</name>
    <message>
        <source>Correct a milestone time</source>
        <translation>更正节点时间</translation>
    </message>
    <message>
        <source>Why the recorded time is wrong (required)</source>
        <translation>记录时间有误的原因（必填）</translation>
    </message>
    <message>
        <source>Milestone:</source>
        <translation>节点：</translation>
    </message>
    <message>
        <source>Actual time:</source>
        <translation>实际时间：</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>原因：</translation>
    </message>
</context>
<context>
    <name>NetworkCheckDock</name>
    <message>
        <source>Dangling ends</source>
        <extracomment>Half-width of the view a zoom-to shows around a finding, metres.</extracomment>
        <translation>悬挂端点</translation>
    </message>
    <message>
        <source>Ends within reach but not joined</source>
        <translation>端点相近但未连接</translation>
    </message>
    <message>
        <source>Duplicate pipes</source>
        <translation>重复管段</translation>
    </message>
    <message>
        <source>Zero-length pipes</source>
        <translation>零长度管段</translation>
    </message>
    <message>
        <source>Valves off the network</source>
        <translation>不在管网上的阀门</translation>
    </message>
    <message>
        <source>Parts with no source</source>
        <translation>无水源的管网部分</translation>
    </message>
    <message>
        <source>Pipes without a diameter</source>
        <translation>缺少管径的管段</translation>
    </message>
    <message>
        <source>Network check</source>
        <translation>管网检查</translation>
    </message>
    <message>
        <source>Run check</source>
        <translation>开始检查</translation>
    </message>
    <message>
        <source>Not run yet.</source>
        <translation>尚未检查。</translation>
    </message>
    <message>
        <source>Finding</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Pipes / valves</source>
        <translation>管段/阀门</translation>
    </message>
    <message>
        <source>Metres</source>
        <translation>米</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>存放地点</translation>
    </message>
    <message>
        <source>Double-click a finding to zoom to it.</source>
        <translation>双击问题可缩放到其位置。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>The check failed: {0}</source>
        <translation>检查失败：{0}</translation>
    </message>
    <message>
        <source>{0} pipes, {1} valves, {2} sources; snap tolerance {3} m</source>
        <translation>{0} 条管段，{1} 个阀门，{2} 个水源；捕捉容差 {3} 米</translation>
    </message>
</context>
<context>
    <name>NewTicketForm</name>
    <message>
        <source>New ticket</source>
        <translation>新建工单</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>account number (optional)</source>
        <translation>户号（可不填）</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>情况说明</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>no location</source>
        <translation>未定位</translation>
    </message>
    <message>
        <source>Click on the &amp;map</source>
        <translation>在地图上点选(&amp;M)</translation>
    </message>
    <message>
        <source>Account's location</source>
        <translation>用户位置</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Respond by</source>
        <translation>响应时限</translation>
    </message>
    <message>
        <source>&amp;Open ticket</source>
        <translation>受理工单(&amp;O)</translation>
    </message>
    <message>
        <source>{0} (within {1:g} h)</source>
        <translation>{0}（{1:g} 小时内）</translation>
    </message>
    <message>
        <source>{0:.6f}, {1:.6f}</source>
        <translation>{0:.6f}，{1:.6f}</translation>
    </message>
    <message>
        <source>Type an account number first</source>
        <translation>请先填写户号</translation>
    </message>
    <message>
        <source>Not done: {0}</source>
        <translation>未完成：{0}</translation>
    </message>
    <message>
        <source>Account {0} has no location on the map: click the map</source>
        <translation>户号 {0} 在地图上无位置：请在地图上点选</translation>
    </message>
    <message>
        <source>{0} opened; respond by {1}</source>
        <translation>{0} 已受理，须在 {1} 前响应</translation>
    </message>
    <message>
        <source>(no location: click the map or give a located account)</source>
        <translation>（无位置：请在地图上点选或填写已定位的户号）</translation>
    </message>
</context>
<context>
    <name>NightTheme</name>
    <message>
        <source>&amp;Night duty (dark)</source>
        <extracomment>Night colours: window, base (tables, fields), alternate rows, text, dim text, buttons, highlight.</extracomment>
        <translation>夜间值班（深色）(&amp;N)</translation>
    </message>
    <message>
        <source>The dark night style for the map and the whole desk</source>
        <translation>地图和整个工作台使用深色夜间样式</translation>
    </message>
</context>
<context>
    <name>NotifyDialog</name>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>Log only (no mail server)</source>
        <translation>仅记录日志（无邮件服务器）</translation>
    </message>
    <message>
        <source>E-mail (SMTP)</source>
        <translation>电子邮件（SMTP）</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>Send through:</source>
        <translation>发送方式：</translation>
    </message>
    <message>
        <source>SMTP host:</source>
        <translation>SMTP 服务器：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>发件人：</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
</context>
<context>
    <name>PatrolDock</name>
    <message>
        <source>Patrol</source>
        <extracomment>How often the leak survey's figure is read from the store. Replay step interval (ms) and the speeds offered: replayed minutes per real second. Curve colours per requirement rule order (venue guard first). Internal: a worker's figures (a dict, or an Exception), queued to the GUI thread.</extracomment>
        <translation>巡检</translation>
    </message>
    <message>
        <source>Loading the patrol plan…</source>
        <extracomment>Figure computations run on worker threads (tests read it). The figures shown last (the alarm strip reads its overdue count from them). The chart's curves by requirement code (pyqtgraph items, once the chart is built). The latest curve per requirement code, (colour, hours, percent): the chart is built when first looked at (ui/patrol/chart.py) and draws these then.</extracomment>
        <translation>正在加载巡检计划…</translation>
    </message>
    <message>
        <source>Make today's &amp;plan</source>
        <translation>生成今日计划(&amp;P)</translation>
    </message>
    <message>
        <source>Assign every pipe to its patrol requirements and cut the patrol patches, as 'python app.py plan' does</source>
        <translation>按巡检要求分配全部管线并划分巡检管片（同 'python app.py plan'）</translation>
    </message>
    <message>
        <source>Pipe colours:</source>
        <translation>管线着色：</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>管网分类</translation>
    </message>
    <message>
        <source>Patrol coverage</source>
        <translation>巡检覆盖</translation>
    </message>
    <message>
        <source>Colour the pipes green (covered this round), amber (due) or red (overdue)</source>
        <translation>管线着色：绿色（本轮已覆盖）、橙色（待巡）、红色（超期）</translation>
    </message>
    <message>
        <source>Requirements (this round)</source>
        <translation>巡检要求（本轮）</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Patch</source>
        <translation>管片</translation>
    </message>
    <message>
        <source>Coverage</source>
        <translation>覆盖率</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>Last fix</source>
        <translation>最近定位</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Patches</source>
        <translation>管片</translation>
    </message>
    <message>
        <source>Covered (%)</source>
        <translation>覆盖率（%）</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>时刻</translation>
    </message>
    <message>
        <source>Chart</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>管段</translation>
    </message>
    <message>
        <source>Replay tracks</source>
        <translation>轨迹回放</translation>
    </message>
    <message>
        <source>Draw the tracks up to the slider's time and the patrollers where they were then</source>
        <translation>绘制截至滑块时刻的轨迹，并显示巡检人员当时的位置</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play the replay from the slider's time (the live map is hidden while replaying)</source>
        <translation>从滑块时刻开始回放（回放期间隐藏实时位置）</translation>
    </message>
    <message>
        <source>{0} min/s</source>
        <translation>{0} 分钟/秒</translation>
    </message>
    <message>
        <source>Replay speed: minutes of the day per second</source>
        <translation>回放速度：每秒回放的分钟数</translation>
    </message>
    <message>
        <source>Leak survey: not readable ({0})</source>
        <translation>测漏数据：无法读取（{0}）</translation>
    </message>
    <message>
        <source>Leak survey</source>
        <translation>测漏数据采集</translation>
    </message>
    <message>
        <source>{0} of {1} points read</source>
        <translation>已采集 {0}/{1} 个测漏点</translation>
    </message>
    <message>
        <source>One reading a day at every leak-survey point; readings from the field, from loggers and from the desk count</source>
        <translation>每个测漏点每天采集一次；现场上报、记录仪导入和指挥台录入的数据都计入</translation>
    </message>
    <message>
        <source>{0} overdue ({1})</source>
        <translation>逾期 {0} 个（{1}）</translation>
    </message>
    <message>
        <source>Not read on {0}: {1}</source>
        <translation>{0} 未采集：{1}</translation>
    </message>
    <message>
        <source>Length (km)</source>
        <translation>长度（公里）</translation>
    </message>
    <message>
        <source>Select pipes on the map with the Select tool.</source>
        <translation>请用选择工具在地图上选择管线。</translation>
    </message>
    <message>
        <source>&amp;Move to patch</source>
        <translation>移入管片(&amp;M)</translation>
    </message>
    <message>
        <source>Put the pipes selected on the map into the chosen patch (Edit ▸ Undo takes it back)</source>
        <translation>将地图上选中的管线划入所选管片（可用 编辑 ▸ 撤销 恢复）</translation>
    </message>
    <message>
        <source>Click a pipe with the Identify tool.</source>
        <translation>请用识别工具点击一段管线。</translation>
    </message>
    <message>
        <source>Requirement</source>
        <translation>巡检要求</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>This round</source>
        <translation>本轮</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>最近巡到</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>终端</translation>
    </message>
    <message>
        <source>First seen</source>
        <translation>首次到达</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最后到达</translation>
    </message>
    <message>
        <source>Fixes</source>
        <translation>定位点数</translation>
    </message>
    <message>
        <source>Who visited (today, within the tolerance):</source>
        <translation>今日到访（在容差范围内）：</translation>
    </message>
    <message>
        <source>Making the patrol plan…</source>
        <translation>正在生成巡检计划…</translation>
    </message>
    <message>
        <source>Patrol figures could not be computed: {0}</source>
        <translation>无法计算巡检统计：{0}</translation>
    </message>
    <message>
        <source>Pipes selected on the map: {0}</source>
        <translation>地图上已选管线：{0} 段</translation>
    </message>
    <message>
        <source>Patrol day {0}, as of {1}</source>
        <translation>巡检日 {0}，截至 {1}</translation>
    </message>
    <message>
        <source>{0}, {1}–{2}: needs {3} teams, {4} on duty</source>
        <translation>{0}，{1}–{2}：需要 {3} 个组，在岗 {4} 个组</translation>
    </message>
    <message>
        <source>{0} patches short of teams: {1}</source>
        <translation>{0} 个管片班组不足：{1}</translation>
    </message>
    <message>
        <source>Not enough teams for the plan:</source>
        <translation>巡检班组不足：</translation>
    </message>
    <message>
        <source>Each team covers its kind's speed × the shift's hours; 'python app.py plan' lists every shortfall</source>
        <translation>每组巡检里程 = 该类班组速度 × 班次时长；“python app.py plan”列出全部不足项</translation>
    </message>
    <message>
        <source>{0} · due {1} · this round {2}–{3}</source>
        <translation>{0} · 应达 {1} · 本轮 {2}–{3}</translation>
    </message>
    <message>
        <source>Round {0}: {1}–{2}; {3} of {4} km covered; the tick marks the share due by now</source>
        <translation>第 {0} 轮：{1}–{2}；已巡 {3} / {4} 公里；刻线为此刻应达比例</translation>
    </message>
    <message>
        <source>{0} overdue</source>
        <translation>{0} 段超期</translation>
    </message>
    <message>
        <source>not under a patrol requirement</source>
        <translation>无巡检要求</translation>
    </message>
    <message>
        <source>covered this round</source>
        <translation>本轮已覆盖</translation>
    </message>
    <message>
        <source>due this round</source>
        <translation>本轮待巡</translation>
    </message>
    <message>
        <source>overdue</source>
        <translation>超期</translation>
    </message>
    <message>
        <source>&lt;b&gt;Pipe {0}&lt;/b&gt; · {1} m · patch {2} · {3}</source>
        <translation>&lt;b&gt;管段 {0}&lt;/b&gt; · {1} 米 · 管片 {2} · {3}</translation>
    </message>
    <message>
        <source>covered</source>
        <translation>已覆盖</translation>
    </message>
    <message>
        <source>{0}% so far</source>
        <translation>已巡 {0}%</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Move {0} pipes to patch {1}</source>
        <translation>将 {0} 段管线移入管片 {1}</translation>
    </message>
</context>
<context>
    <name>PatrolLive</name>
    <message>
        <source>No patrol plan stored yet: make today's plan here or with 'python app.py plan'.</source>
        <extracomment>Queue drain period (ms): 10–20 Hz is smooth for the eye and cheap. The simulated day's backfill goes to the desk in batches of this many fixes, and one drain takes about that many: the GUI thread feeds the session a slice at a time. With a lock (the one the session's feeder holds) the loaded day is shared in the process (:mod:`services.patrol.shared_day`: the meeting and the wall read it, no second whole day). Plays the demo day: ``callable(session view) -&gt; fixes`` (see :class:`_SimView`); None: the demo's player, imported on this thread when the day is in (scipy: seconds, not on the GUI thread). The store holds no patrol plan yet (the dock offers to make one). The plan's capacity rows of the day came in (``self.capacity``; they follow the session). Internal: the worker fed a batch (queued to the GUI thread). Held while the session changes (GUI thread) or is read off the GUI thread.</extracomment>
        <translation>尚无巡检计划：请在此生成今日计划，或运行 'python app.py plan'。</translation>
    </message>
    <message>
        <source>Patrol data could not be loaded: {0}</source>
        <translation>无法加载巡检数据：{0}</translation>
    </message>
</context>
<context>
    <name>PlanReasonText</name>
    <message>
        <source>exposed segment of a transmission main</source>
        <extracomment>"within {m} of {kind} {name}" (gis.plan.by_features; {m} as gis.plan._fmt_m writes it).</extracomment>
        <translation>输水干管明管段</translation>
    </message>
    <message>
        <source>exposed segment</source>
        <translation>明管段</translation>
    </message>
    <message>
        <source>transmission main</source>
        <translation>输水干管</translation>
    </message>
    <message>
        <source>patch patrol</source>
        <translation>管片巡检</translation>
    </message>
    <message>
        <source>construction site next to a guarded venue or residence</source>
        <translation>保障会场或驻地旁的施工现场</translation>
    </message>
    <message>
        <source>construction site</source>
        <translation>施工现场</translation>
    </message>
    <message>
        <source>set on the key point</source>
        <translation>关键点上指定</translation>
    </message>
    <message>
        <source>within {m} m of venue {name}</source>
        <translation>距会场 {name} {m} 米以内</translation>
    </message>
    <message>
        <source>within {m} m of residence {name}</source>
        <translation>距驻地 {name} {m} 米以内</translation>
    </message>
    <message>
        <source>within {m} m of key unit {name}</source>
        <translation>距重点单位 {name} {m} 米以内</translation>
    </message>
    <message>
        <source>within {m} m of key area {name}</source>
        <translation>距重点区域 {name} {m} 米以内</translation>
    </message>
    <message>
        <source>within {m} m of construction site {name}</source>
        <translation>距施工现场 {name} {m} 米以内</translation>
    </message>
    <message>
        <source>along motorcade route {name}</source>
        <translation>沿车队路线 {name}</translation>
    </message>
    <message>
        <source>along key road {name}</source>
        <translation>沿重点道路 {name}</translation>
    </message>
</context>
<context>
    <name>QtEventSettingsDialog</name>
    <message>
        <source>Event settings</source>
        <translation>活动设置</translation>
    </message>
    <message>
        <source> m</source>
        <translation> 米</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Chinese name:</source>
        <translation>中文名称：</translation>
    </message>
    <message>
        <source>Host city:</source>
        <translation>举办城市：</translation>
    </message>
    <message>
        <source>Start:</source>
        <translation>开始：</translation>
    </message>
    <message>
        <source>End:</source>
        <translation>结束：</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>时区：</translation>
    </message>
    <message>
        <source>Working CRS:</source>
        <translation>工作坐标系：</translation>
    </message>
    <message>
        <source>Guard buffer around venues:</source>
        <translation>场馆保障缓冲距离：</translation>
    </message>
    <message>
        <source>Times are local times of the host city, in the time zone above.</source>
        <translation>时间均为举办城市的当地时间，以上方时区为准。</translation>
    </message>
    <message>
        <source>give a metric working CRS, e.g. EPSG:32650</source>
        <translation>请给出以米为单位的工作坐标系，例如 EPSG:32650</translation>
    </message>
</context>
<context>
    <name>QtNewEventWizard</name>
    <message>
        <source>New event</source>
        <extracomment>Zones offered first (the rest follow, sorted).</extracomment>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>The event</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>What the event is called, as the desk, the wall and the papers show it.</source>
        <translation>活动名称，将显示在指挥台、大屏和纸质材料上。</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Chinese name:</source>
        <translation>中文名称：</translation>
    </message>
    <message>
        <source>Host city:</source>
        <translation>举办城市：</translation>
    </message>
    <message>
        <source>Dates and times</source>
        <translation>日期和时间</translation>
    </message>
    <message>
        <source>Local times of the host city; windows and day/night follow its time zone.</source>
        <translation>举办城市的当地时间；时段和昼夜按其时区计算。</translation>
    </message>
    <message>
        <source>Start:</source>
        <translation>开始：</translation>
    </message>
    <message>
        <source>End:</source>
        <translation>结束：</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>时区：</translation>
    </message>
    <message>
        <source>Working CRS and guard buffer</source>
        <translation>工作坐标系和保障缓冲</translation>
    </message>
    <message>
        <source>Analysis runs in metres: a UTM zone, a national grid or CGCS2000 Gauss-Krüger.</source>
        <translation>分析以米为单位：UTM 分带、国家坐标系或 CGCS2000 高斯-克吕格。</translation>
    </message>
    <message>
        <source>Suggested from the data: the UTM zone of its centre.</source>
        <translation>根据数据建议：数据中心所在的 UTM 分带。</translation>
    </message>
    <message>
        <source>No data yet to suggest from: type the EPSG code of a metric CRS.</source>
        <translation>尚无数据可供建议：请输入以米为单位的坐标系 EPSG 代码。</translation>
    </message>
    <message>
        <source> m</source>
        <translation> 米</translation>
    </message>
    <message>
        <source>Working CRS:</source>
        <translation>工作坐标系：</translation>
    </message>
    <message>
        <source>Guard buffer around venues:</source>
        <translation>场馆保障缓冲距离：</translation>
    </message>
    <message>
        <source>give a metric working CRS, e.g. EPSG:32650</source>
        <translation>请给出以米为单位的工作坐标系，例如 EPSG:32650</translation>
    </message>
</context>
<context>
    <name>RepairDesk</name>
    <message>
        <source>{0}: {1}</source>
        <extracomment>Setting key of the outbox sender (``{"channel": "email", "host": …}``; absent: the log). Levels that flash on the map when a repair is created (guarded places raise to IV or above). Internal: an alarm pass's ``(new alarms, error)`` from the worker, queued to the GUI thread. Shows a conflict and returns the changes to re-apply ({} to drop mine); tests replace it. Bumped when the stored network changes (a valve marked): a network read before is not kept. (table, row id) → the row as this desk's last edit, undo or redo of it left it (see edit()). The desk's store reads for the Repairs list, the alarm check and the drills' clocks (in order). Sends the outbox (an SMTP server may take its time; the reads don't wait for it). Reads the isolation network (a city's: seconds) and computes isolations off the GUI thread; the answer comes back in one piece (the latest request wins while one runs).</extracomment>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>{0}: level {1}</source>
        <translation>{0}：{1}级</translation>
    </message>
    <message>
        <source>{0}: on pipe {1}</source>
        <translation>{0}：定位到管段 {1}</translation>
    </message>
    <message>
        <source>This repair has no pipe to isolate.</source>
        <translation>此抢修没有可隔离的管段。</translation>
    </message>
    <message>
        <source>Cannot write {0}: {1}</source>
        <translation>无法写入{0}：{1}</translation>
    </message>
    <message>
        <source>ALARM: {0}</source>
        <translation>告警：{0}</translation>
    </message>
    <message>
        <source>{0} {1} limit overrun</source>
        <translation>{0} {1}时限超时</translation>
    </message>
</context>
<context>
    <name>RepairLife</name>
    <message>
        <source>Correct time…</source>
        <extracomment>Asks before closing a repair; tests replace it. Returns True to go on. Asks the correction; tests replace it. Returns (attr, time, reason) or None.</extracomment>
        <translation>更正时间…</translation>
    </message>
    <message>
        <source>Correct a recorded milestone time, with a reason (audited, undoable)</source>
        <translation>更正已记录的节点时间，须填写原因（记入审计，可撤销）</translation>
    </message>
    <message>
        <source>Close the repair</source>
        <extracomment>Asks why another vehicle is sent; tests replace it. Returns the reason or None (cancelled).</extracomment>
        <translation>抢修销号</translation>
    </message>
    <message>
        <source>Record {0} as restored and close it? The alarm and the detail go away.</source>
        <translation>确认 {0} 已恢复供水并销号？告警与详情将关闭。</translation>
    </message>
    <message>
        <source>{0}: next milestone</source>
        <translation>{0}：下一节点</translation>
    </message>
    <message>
        <source>No milestone recorded yet to correct</source>
        <translation>尚无可更正的已记录节点</translation>
    </message>
    <message>
        <source>undo of: {0}</source>
        <translation>撤销：{0}</translation>
    </message>
    <message>
        <source>{0}: time corrected</source>
        <translation>{0}：时间已更正</translation>
    </message>
    <message>
        <source>Send another vehicle</source>
        <translation>改派车辆</translation>
    </message>
    <message>
        <source>{0} already has a vehicle. Why send {1} instead?</source>
        <translation>{0} 已派车。为何改派 {1}？</translation>
    </message>
    <message>
        <source>dispatch</source>
        <translation>派单</translation>
    </message>
    <message>
        <source>{0}: vehicle {1}</source>
        <translation>{0}：派车 {1}</translation>
    </message>
</context>
<context>
    <name>RepairList</name>
    <message>
        <source>{0} late</source>
        <translation>晚 {0}</translation>
    </message>
    <message>
        <source>{0} over</source>
        <translation>超 {0}</translation>
    </message>
    <message>
        <source>{0} left</source>
        <translation>剩 {0}</translation>
    </message>
    <message>
        <source>{0:g} h</source>
        <translation>{0:g} 小时</translation>
    </message>
    <message>
        <source>{0:.0f} min</source>
        <translation>{0:.0f} 分钟</translation>
    </message>
</context>
<context>
    <name>RepairsDock</name>
    <message>
        <source>Repairs</source>
        <extracomment>A running limit turns amber when less than this share of its target is left. The list was read again and shown (the map's repair points follow it).</extracomment>
        <translation>抢修</translation>
    </message>
    <message>
        <source>New repair (call)…</source>
        <extracomment>The pipe last identified on the map (offered by "Set on pipe…"); tests replace ask_pipe. ``(code, limit)`` of the overruns in the alarm line.</extracomment>
        <translation>新建抢修（来电）…</translation>
    </message>
    <message>
        <source>Report a leak here</source>
        <translation>在此报漏</translation>
    </message>
    <message>
        <source>From identified pipe</source>
        <translation>从识别的管段新建</translation>
    </message>
    <message>
        <source>Closed today</source>
        <translation>今日已结</translation>
    </message>
    <message>
        <source>Show the repairs restored or cancelled today instead of the open ones</source>
        <translation>显示今天已恢复或已取消的抢修，而不是未结抢修</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>地点</translation>
    </message>
    <message>
        <source>Milestone</source>
        <translation>节点</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>时限</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>截止</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>Record the next milestone</source>
        <translation>记录下一节点</translation>
    </message>
    <message>
        <source>Level:</source>
        <translation>等级：</translation>
    </message>
    <message>
        <source>Change level…</source>
        <translation>调整等级…</translation>
    </message>
    <message>
        <source>Set on pipe…</source>
        <translation>定位到管段…</translation>
    </message>
    <message>
        <source>Put the repair on the identified pipe or on a pipe code</source>
        <translation>把抢修定位到识别的管段或输入的管段编号</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Nearest available vehicles</source>
        <translation>最近的可用车辆</translation>
    </message>
    <message>
        <source>Assign selected</source>
        <translation>派出所选车辆</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Travel (min)</source>
        <translation>行车（分钟）</translation>
    </message>
    <message>
        <source>Distance (km)</source>
        <translation>距离（公里）</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>预计到达</translation>
    </message>
    <message>
        <source>Dispatch</source>
        <translation>派车</translation>
    </message>
    <message>
        <source>Isolation</source>
        <translation>关阀隔离</translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation>接收人</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队时间</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>发送时间</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Notifications</source>
        <translation>通知</translation>
    </message>
    <message>
        <source>{0}: target {1:.0f} min, due {2}</source>
        <translation>{0}：目标 {1:.0f} 分钟，截止 {2}</translation>
    </message>
    <message>
        <source>Level raised: {0}</source>
        <translation>已升级：{0}</translation>
    </message>
    <message>
        <source>Location not set</source>
        <translation>位置未定</translation>
    </message>
    <message>
        <source>level {0}</source>
        <translation>{0}级</translation>
    </message>
    <message>
        <source>Assigned: {0}</source>
        <translation>已派：{0}</translation>
    </message>
    <message>
        <source>No vehicle assigned.</source>
        <translation>尚未派车。</translation>
    </message>
    <message>
        <source>Record now: {0}</source>
        <translation>现在记录：{0}</translation>
    </message>
    <message>
        <source>All milestones recorded</source>
        <translation>所有节点已记录</translation>
    </message>
    <message>
        <source>Notifications ({0})</source>
        <translation>通知（{0}）</translation>
    </message>
    <message>
        <source>Set on pipe</source>
        <translation>定位到管段</translation>
    </message>
    <message>
        <source>Pipe code:</source>
        <translation>管段编号：</translation>
    </message>
    <message>
        <source>Change level</source>
        <translation>调整等级</translation>
    </message>
    <message>
        <source>Reason for level {0}:</source>
        <translation>调整为{0}级的原因：</translation>
    </message>
    <message>
        <source>Travel times along the streets.</source>
        <translation>按道路计算行驶时间。</translation>
    </message>
    <message>
        <source>Straight-line estimates: the store has no streets (File → Import… → Streets).</source>
        <translation>按直线距离估算：库中没有道路（文件 → 导入… → 道路）。</translation>
    </message>
</context>
<context>
    <name>RepairsWiring</name>
    <message>
        <source>pipe {0}</source>
        <extracomment>Returns the form's fields, or None when cancelled; tests replace it.</extracomment>
        <translation>管段 {0}</translation>
    </message>
    <message>
        <source>From pipe {0}</source>
        <translation>从管段 {0} 新建</translation>
    </message>
    <message>
        <source>{0} · level {1}</source>
        <translation>{0} · {1}级</translation>
    </message>
    <message>
        <source>New repair {0}, level {1}</source>
        <translation>新抢修 {0}，{1}级</translation>
    </message>
    <message>
        <source>Report a leak here</source>
        <translation>在此报漏</translation>
    </message>
    <message>
        <source>Report a leak here: click the map to open a repair there</source>
        <translation>在此报漏：点击地图在该处新建抢修</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Notifications…</source>
        <translation>通知(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Isolation…</source>
        <translation>关阀规则(&amp;I)…</translation>
    </message>
</context>
<context>
    <name>ResourcesDock</name>
    <message>
        <source>Repair resources</source>
        <extracomment>Tables the dock's edits write (a desk whose role may not write them gets a read-only dock).</extracomment>
        <translation>抢修资源</translation>
    </message>
    <message>
        <source>&lt;b&gt;Spare fittings&lt;/b&gt;</source>
        <translation>&lt;b&gt;备品备件&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Fitting</source>
        <translation>管件</translation>
    </message>
    <message>
        <source>DN</source>
        <translation>口径 DN</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>存放地点</translation>
    </message>
    <message>
        <source>Odd-shaped</source>
        <translation>异型</translation>
    </message>
    <message>
        <source>Select a fitting, then take it for a repair below</source>
        <translation>选择管件，然后在下方为抢修领用</translation>
    </message>
    <message>
        <source>&amp;Take from stock</source>
        <translation>领用(&amp;T)</translation>
    </message>
    <message>
        <source>Take the quantity of the selected fitting for the repair (Enter)</source>
        <translation>为该抢修领用所选管件（Enter）</translation>
    </message>
    <message>
        <source>For &amp;repair:</source>
        <translation>用于抢修(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Quantity:</source>
        <translation>数量(&amp;Q)：</translation>
    </message>
    <message>
        <source>&lt;b&gt;Machinery&lt;/b&gt;</source>
        <translation>&lt;b&gt;机械设备&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>情况</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>抢修</translation>
    </message>
    <message>
        <source>&amp;Assign</source>
        <translation>调派(&amp;A)</translation>
    </message>
    <message>
        <source>Dispatch the selected machine to the repair (Alt+A)</source>
        <translation>将所选设备调派至该抢修（Alt+A）</translation>
    </message>
    <message>
        <source>Re&amp;lease</source>
        <translation>释放(&amp;L)</translation>
    </message>
    <message>
        <source>Release the selected machine back to available (Alt+L)</source>
        <translation>释放所选设备，恢复可用（Alt+L）</translation>
    </message>
    <message>
        <source>To r&amp;epair:</source>
        <translation>调往抢修(&amp;E)：</translation>
    </message>
    <message>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>assigned</source>
        <translation>已调派</translation>
    </message>
    <message>
        <source>maintenance</source>
        <translation>维修中</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Select a fitting and a repair first</source>
        <translation>请先选择管件和抢修</translation>
    </message>
    <message>
        <source>Take {0} × {1}</source>
        <translation>领用 {0} × {1}</translation>
    </message>
    <message>
        <source>Taken: {0} × {1}</source>
        <translation>已领用：{0} × {1}</translation>
    </message>
    <message>
        <source>Select a machine and a repair first</source>
        <translation>请先选择设备和抢修</translation>
    </message>
    <message>
        <source>Assign machinery</source>
        <translation>调派设备</translation>
    </message>
    <message>
        <source>Release machinery</source>
        <translation>释放设备</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <source>Repair</source>
        <extracomment>Layer name → (kind, code column, name column, Chinese name column, detail column). Half-size of the box shown around a point found (m).</extracomment>
        <translation>抢修</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>巡检队</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>场所</translation>
    </message>
    <message>
        <source>Important user</source>
        <translation>重要用户</translation>
    </message>
    <message>
        <source>Valve</source>
        <translation>阀门</translation>
    </message>
    <message>
        <source>Pipe</source>
        <translation>管段</translation>
    </message>
    <message>
        <source>Street</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>路线</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <source>Hydrant</source>
        <translation>消火栓</translation>
    </message>
    <message>
        <source>Patrol patch</source>
        <translation>巡检片区</translation>
    </message>
    <message>
        <source>Find pipe, valve, street, place, team, vehicle… (Ctrl+F)</source>
        <translation>查找管段、阀门、街道、场所、巡检队、车辆…（Ctrl+F）</translation>
    </message>
    <message>
        <source>Find by code or name; Enter zooms the map to the first match</source>
        <translation>按编号或名称查找；回车将地图缩放到第一个结果</translation>
    </message>
    <message>
        <source>Found: {0}</source>
        <extracomment>Each layer's table with (a weak reference to) the data it was built from.</extracomment>
        <translation>已找到：{0}</translation>
    </message>
</context>
<context>
    <name>ServiceErrors</name>
    <message>
        <source>An action item needs a problem description</source>
        <translation>督办事项需要填写问题描述</translation>
    </message>
    <message>
        <source>A contact needs a name</source>
        <translation>联系人需要填写姓名</translation>
    </message>
    <message>
        <source>Action item {0}: a follow-up needs a text</source>
        <translation>事项 {0}：跟进情况不能为空</translation>
    </message>
    <message>
        <source>Action item {0} is closed; reopen it to follow it up</source>
        <translation>事项 {0} 已销号；请先重新打开再跟进</translation>
    </message>
    <message>
        <source>Action item {0} is already closed</source>
        <translation>事项 {0} 已销号</translation>
    </message>
    <message>
        <source>The {0} shift of {1} needs a leader</source>
        <translation>{1} {0}班需要指定值班领导</translation>
    </message>
    <message>
        <source>Unit {0}, {1} {2}: an incident report needs a description</source>
        <translation>单位 {0}，{1} {2}：事件报告需要填写情况说明</translation>
    </message>
    <message>
        <source>Only {0} of {1} in stock; cannot take {2} for repair {3}</source>
        <translation>{1} 库存仅 {0} 件，无法为抢修 {3} 领用 {2} 件</translation>
    </message>
    <message>
        <source>Take a positive number of {0} (got {1})</source>
        <translation>领用数量须为正数：{0}（填写了 {1}）</translation>
    </message>
    <message>
        <source>Return a positive number of {0} (got {1})</source>
        <translation>退库数量须为正数：{0}（填写了 {1}）</translation>
    </message>
    <message>
        <source>{0}: the port must be a number</source>
        <translation>{0}：端口必须是数字</translation>
    </message>
    <message>
        <source>{0}: the port must be in 0–65535</source>
        <translation>{0}：端口必须在 0–65535 之间</translation>
    </message>
    <message>
        <source>That action item no longer exists (another desk removed it)</source>
        <translation>该事项已不存在（已被其他席位删除）</translation>
    </message>
    <message>
        <source>That contact no longer exists (another desk removed it)</source>
        <translation>该联系人已不存在（已被其他席位删除）</translation>
    </message>
</context>
<context>
    <name>ServiceMessages</name>
    <message>
        <source>'{value}' is already a device id in the store</source>
        <translation>“{value}”已是库中的设备号</translation>
    </message>
    <message>
        <source>'{value}' is already in the store</source>
        <translation>“{value}”库中已有</translation>
    </message>
    <message>
        <source>'{value}' is already in this file</source>
        <translation>“{value}”在本文件中重复</translation>
    </message>
    <message>
        <source>'{value}' is not 'longitude, latitude'</source>
        <translation>“{value}”不是“经度，纬度”</translation>
    </message>
    <message>
        <source>'{value}' is not a date (YYYY-MM-DD)</source>
        <translation>“{value}”不是日期（年-月-日）</translation>
    </message>
    <message>
        <source>'{value}' is not a date and time (write e.g. 2026-06-01 08:00)</source>
        <translation>“{value}”不是日期时间（例如 2026-06-01 08:00）</translation>
    </message>
    <message>
        <source>'{value}' is not a number</source>
        <translation>“{value}”不是数字</translation>
    </message>
    <message>
        <source>'{value}' is not a time of day (HH:MM)</source>
        <translation>“{value}”不是时刻（时:分）</translation>
    </message>
    <message>
        <source>'{value}' is not a whole number</source>
        <translation>“{value}”不是整数</translation>
    </message>
    <message>
        <source>'{value}' is not one of {choices}</source>
        <translation>“{value}”不是可选值之一：{choices}</translation>
    </message>
    <message>
        <source>'{value}' is not yes or no</source>
        <translation>“{value}”不是“是”或“否”</translation>
    </message>
    <message>
        <source>'{value}' is outside longitude −180…180, latitude −90…90</source>
        <translation>“{value}”超出经度 −180…180、纬度 −90…90</translation>
    </message>
    <message>
        <source>device '{value}' already belongs to another vehicle</source>
        <translation>设备“{value}”已属于另一辆车</translation>
    </message>
    <message>
        <source>guard buffer {value} m is outside 0 … 10,000 m</source>
        <translation>保障缓冲 {value} 米超出 0…10,000 米</translation>
    </message>
    <message>
        <source>no '{person}' in team {team} (import staff first)</source>
        <translation>班组 {team} 中没有“{person}”（请先导入人员）</translation>
    </message>
    <message>
        <source>no column for {en} / {zh} (headers: {headers})</source>
        <translation>缺少“{zh}”列（表头：{headers}）</translation>
    </message>
    <message>
        <source>no team '{value}' (import teams first)</source>
        <translation>没有班组“{value}”（请先导入班组）</translation>
    </message>
    <message>
        <source>no vehicle '{value}' (import vehicles first)</source>
        <translation>没有车辆“{value}”（请先导入车辆）</translation>
    </message>
    <message>
        <source>no working CRS: give one (e.g. EPSG:32632) or import data first so one can be suggested</source>
        <translation>没有工作坐标系：请给出一个（例如 EPSG:32632），或先导入数据以便给出建议</translation>
    </message>
    <message>
        <source>shifts need the event's dates: create the event first</source>
        <translation>班次需要活动日期：请先创建活动</translation>
    </message>
    <message>
        <source>the end ({end}) is not after the start ({start})</source>
        <translation>结束时间（{end}）不晚于开始时间（{start}）</translation>
    </message>
    <message>
        <source>the event needs a name</source>
        <translation>活动需要名称</translation>
    </message>
    <message>
        <source>the store has no event yet: create one first</source>
        <translation>库中尚无活动：请先创建</translation>
    </message>
    <message>
        <source>unknown CRS '{value}' (give e.g. EPSG:32632)</source>
        <translation>未知坐标系“{value}”（例如 EPSG:32632）</translation>
    </message>
    <message>
        <source>unknown time zone '{value}' (write a name such as Asia/Shanghai or Europe/Monaco)</source>
        <translation>未知时区“{value}”（例如 Asia/Shanghai）</translation>
    </message>
    <message>
        <source>{en} / {zh} is empty</source>
        <translation>“{zh}”为空</translation>
    </message>
    <message>
        <source>{value} ({name}) is not projected: analysis needs metres (use a UTM zone, e.g. EPSG:32632)</source>
        <translation>{value}（{name}）不是投影坐标系：分析需要以米为单位（请用 UTM 分带，例如 EPSG:32632）</translation>
    </message>
    <message>
        <source>{value} ({name}) measures in {units}, not metres</source>
        <translation>{value}（{name}）的单位是 {units}，不是米</translation>
    </message>
    <message>
        <source>--crs {crs} used, as for this file before</source>
        <translation>沿用此文件上次的坐标系 --crs {crs}</translation>
    </message>
    <message>
        <source>US units ({units}): diameters converted from inches, lengths and elevations from feet</source>
        <translation>美制单位（{units}）：管径已由英寸换算，长度和高程已由英尺换算</translation>
    </message>
    <message>
        <source>attribute text does not decode as UTF-8; decoded as {enc}</source>
        <translation>属性文字不是 UTF-8 编码，已按 {enc} 解码</translation>
    </message>
    <message>
        <source>attribute text does not decode as its declared encoding; decoded as {enc}</source>
        <translation>属性文字与文件声明的编码不符，已按 {enc} 解码</translation>
    </message>
    <message>
        <source>controls and rules not read ({error}); the network is complete</source>
        <translation>未读取控制和规则（{error}）；管网本身完整</translation>
    </message>
    <message>
        <source>dates in the future ({last}): receiver clock or GPS week rollover? kept as recorded</source>
        <translation>有未来的日期（{last}）：接收机时钟错误或 GPS 周数翻转？已按原记录保留</translation>
    </message>
    <message>
        <source>diameters of {field} look like inches (max {max}); if so, import with --map diameter_mm={field}:in</source>
        <translation>{field} 的管径像是英寸（最大 {max}）；如果是，请用 --map diameter_mm={field}:in 导入</translation>
    </message>
    <message>
        <source>drivable OSM ways (highway=*) taken; footways and paths left out</source>
        <translation>已取 OpenStreetMap 中可通车的道路；人行道和小径未导入</translation>
    </message>
    <message>
        <source>field {field} is not unique; codes generated instead</source>
        <translation>字段 {field} 有重复值，已改为自动生成编号</translation>
    </message>
    <message>
        <source>name from {name}, class from {road_class}</source>
        <translation>名称取自 {name}，道路等级取自 {road_class}</translation>
    </message>
    <message>
        <source>name from {name}; no class field: all roads at 25 km/h</source>
        <translation>名称取自 {name}；无道路等级字段：所有道路按 25 公里/小时计</translation>
    </message>
    <message>
        <source>no CRS given; lon/lat columns read as WGS84 (EPSG:4326)</source>
        <translation>未给出坐标系；经纬度列按 WGS84（EPSG:4326）读取</translation>
    </message>
    <message>
        <source>no name field; class from {road_class}</source>
        <translation>无名称字段；道路等级取自 {road_class}</translation>
    </message>
    <message>
        <source>no name or class field: all roads at 25 km/h</source>
        <translation>无名称和道路等级字段：所有道路按 25 公里/小时计</translation>
    </message>
    <message>
        <source>no track points; route points used</source>
        <translation>没有轨迹点，已使用路线点</translation>
    </message>
    <message>
        <source>no track points; waypoints used</source>
        <translation>没有轨迹点，已使用航点</translation>
    </message>
    <message>
        <source>report slots: {slots}</source>
        <translation>报告时段：{slots}</translation>
    </message>
    <message>
        <source>sentences not used for positions: {listed}</source>
        <translation>未用于定位的语句：{listed}</translation>
    </message>
    <message>
        <source>the CRS is in US survey feet; if {field} is in feet, import with --map length_m={field}:ft</source>
        <translation>坐标系单位为美国测量英尺；如果 {field} 以英尺计，请用 --map length_m={field}:ft 导入</translation>
    </message>
    <message>
        <source>the file declares {declared}; --crs {chosen} used instead</source>
        <translation>文件声明的坐标系为 {declared}；已改用 --crs {chosen}</translation>
    </message>
    <message>
        <source>the file has no CRS; {crs} used, as for this source before</source>
        <translation>文件没有坐标系；沿用此数据源上次的 {crs}</translation>
    </message>
    <message>
        <source>the file has no closing [END]; every section is complete, so it was read whole</source>
        <translation>文件缺少结尾的 [END]；各节内容完整，已全部读取</translation>
    </message>
    <message>
        <source>the file is not UTF-8; read as {enc}</source>
        <translation>文件不是 UTF-8 编码，已按 {enc} 读取</translation>
    </message>
    <message>
        <source>the pipes as drawn are {drawn}× the lengths the file gives them (the file's are {declared}× the drawn; median of {n} pipes): are the coordinates really in {crs}? (a drawing not to scale also does this); the file's lengths are kept</source>
        <translation>按坐标绘出的管长是文件所给长度的 {drawn} 倍（文件长度是绘出长度的 {declared} 倍；{n} 根管段的中位数）：坐标真的是 {crs} 吗？（未按比例绘制的图也会如此）；已保留文件中的长度</translation>
    </message>
    <message>
        <source>this file was imported as {kind} on {when}: added again</source>
        <translation>此文件已于 {when} 作为“{kind}”导入过：已再次追加</translation>
    </message>
    <message>
        <source>this file was imported as {kind} on {when}: replaced; {rows} rows of it removed</source>
        <translation>此文件已于 {when} 作为“{kind}”导入过：已替换，删除原有 {rows} 行</translation>
    </message>
    <message>
        <source>{feature} (row {row}) lies at {lon}, {lat}, {km} km from the others: a wrong CRS or a stray point?</source>
        <translation>{feature}（第 {row} 行）位于 {lon}, {lat}，距其余要素 {km} 公里：坐标系错误还是离群点？</translation>
    </message>
    <message>
        <source>{field} converted from {unit} to {to}</source>
        <translation>{field} 已由 {unit} 换算为 {to}</translation>
    </message>
    <message>
        <source>--map {target}=…: no such field to fill; choose from {choices}</source>
        <translation>--map {target}=…：没有可填的此字段；可选：{choices}</translation>
    </message>
    <message>
        <source>--map {target}={name}: the file has no field '{name}' (fields: {columns})</source>
        <translation>--map {target}={name}：文件中没有字段“{name}”（现有字段：{columns}）</translation>
    </message>
    <message>
        <source>{file} was already imported as {kind} on {when} ({rows} rows, as {earlier}); nothing done. Use --on-repeat replace to replace that import, or --on-repeat add to import it again.</source>
        <translation>{file} 已于 {when} 作为“{kind}”导入过（{rows} 行，文件名 {earlier}）；未作任何改动。用 --on-repeat replace 替换那次导入，或用 --on-repeat add 再次导入。</translation>
    </message>
    <message>
        <source>{n} clock time(s) like '6 AM' read as '6:00 AM'</source>
        <translation>{n} 个形如“6 AM”的时刻已按“6:00 AM”读取</translation>
    </message>
    <message>
        <source>{n} fix(es) dated before the first GPS week rollover ({first}) moved forward {weeks} weeks to {moved} (receiver rollover bug)</source>
        <translation>{n} 个定位点的日期早于首次 GPS 周数翻转（{first}），已后移 {weeks} 周至 {moved}（接收机翻转缺陷）</translation>
    </message>
    <message>
        <source>{n} invalid polygon(s) repaired with make_valid</source>
        <translation>{n} 个无效多边形已自动修复</translation>
    </message>
    <message>
        <source>{n} multi-part line(s) split into their parts</source>
        <translation>{n} 条多段线已拆分为单段</translation>
    </message>
    <message>
        <source>{n} of {total} fix(es) dated {years}, before GPS time began: refused, not stored</source>
        <translation>{total} 个定位点中有 {n} 个日期为 {years} 年，早于 GPS 时间起点：已拒收，未存储</translation>
    </message>
    <message>
        <source>{n} pipe(s) closed in the file's initial status (imported as pipes)</source>
        <translation>{n} 根管段在文件初始状态中为关闭（按管段导入）</translation>
    </message>
    <message>
        <source>{n} team shifts over the event's days</source>
        <translation>活动期间共 {n} 个班组班次</translation>
    </message>
    <message>
        <source>{n} value(s) of {field} are not dates; left empty</source>
        <translation>{field} 有 {n} 个值不是日期，已留空</translation>
    </message>
    <message>
        <source>{n} value(s) of {field} are not numbers; left empty</source>
        <translation>{field} 有 {n} 个值不是数字，已留空</translation>
    </message>
    <message>
        <source>{n} value(s) of {field} longer than {length} characters were shortened</source>
        <translation>{field} 有 {n} 个值超过 {length} 个字符，已截短</translation>
    </message>
    <message>
        <source>{n} value(s) of {field} not understood as {target} ({values}); set to {fallback}</source>
        <translation>{field} 有 {n} 个值无法识别为 {target}（{values}），已设为 {fallback}</translation>
    </message>
    <message>
        <source>{pipes} pipes, {valves} valves and {pumps} pumps (valves and pumps also stored as connector pipes), {tanks} tanks, {reservoirs} reservoirs, {nodes} nodes</source>
        <translation>管段 {pipes} 根、阀门 {valves} 个、水泵 {pumps} 台（阀门和水泵也存为连接管段）、水池 {tanks} 个、水库 {reservoirs} 个、节点 {nodes} 个</translation>
    </message>
    <message>
        <source>source '{value}' is not one of {choices}</source>
        <translation>来源“{value}”不在 {choices} 之中</translation>
    </message>
    <message>
        <source>no leak-survey point '{code}'</source>
        <translation>没有测漏点“{code}”</translation>
    </message>
    <message>
        <source>taken {dist} m from point {code}: a reading must be taken at the point (within {max} m)</source>
        <translation>采集位置距测漏点 {code} {dist} 米：须在测漏点处采集（{max} 米以内）</translation>
    </message>
    <message>
        <source>no leak-survey points in the store</source>
        <translation>库中没有测漏点</translation>
    </message>
    <message>
        <source>no leak-survey point within {max} m of {lon}, {lat} (nearest: {code} at {dist} m)</source>
        <translation>{lon}, {lat} 周围 {max} 米内没有测漏点（最近的是 {code}，相距 {dist} 米）</translation>
    </message>
    <message>
        <source>neither a point code nor a position</source>
        <translation>既无测漏点编号，也无位置</translation>
    </message>
    <message>
        <source>no reading time</source>
        <translation>没有采集时间</translation>
    </message>
    <message>
        <source>reading time {time} is before 2000: the device's clock is not set</source>
        <translation>采集时间 {time} 早于 2000 年：设备时钟未设置</translation>
    </message>
    <message>
        <source>reading time {time} is in the future</source>
        <translation>采集时间 {time} 晚于当前时间</translation>
    </message>
    <message>
        <source>noise level {value} dB is outside {low}–{high} dB</source>
        <translation>噪声 {value} 分贝超出 {low}–{high} 分贝</translation>
    </message>
    <message>
        <source>verdict '{value}' is not one of {choices}</source>
        <translation>判断“{value}”不在 {choices} 之中</translation>
    </message>
    <message>
        <source>a reading needs a noise level or a listening verdict</source>
        <translation>一条测漏数据须有噪声值或听音判断</translation>
    </message>
    <message>
        <source>a position needs both longitude and latitude</source>
        <translation>位置须同时有经度和纬度</translation>
    </message>
    <message>
        <source>{n} reading(s) already stored (the same point, time and logger): stored once</source>
        <translation>{n} 条数据已在库中（同一测漏点、时间和记录仪）：只存一次</translation>
    </message>
    <message>
        <source>readings for {days}</source>
        <translation>数据日期：{days}</translation>
    </message>
    <message>
        <source>leak-survey point '{code}' is no longer surveyed</source>
        <translation>测漏点“{code}”已停用</translation>
    </message>
    <message>
        <source>{n} value(s) of {field} not understood as {target} ({values}); left empty</source>
        <translation>{field} 有 {n} 个值无法识别为 {target}（{values}），留空</translation>
    </message>
</context>
<context>
    <name>SheetsDialog</name>
    <message>
        <source>Print zone assignment sheets</source>
        <translation>打印巡检责任区任务单</translation>
    </message>
    <message>
        <source>Every shift</source>
        <translation>全部班次</translation>
    </message>
    <message>
        <source>Day shift</source>
        <translation>白班</translation>
    </message>
    <message>
        <source>Night shift</source>
        <translation>夜班</translation>
    </message>
    <message>
        <source>Portrait</source>
        <translation>纵向</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>横向</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Teams</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>班次</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>纸张</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>方向</translation>
    </message>
</context>
<context>
    <name>SheetsPreview</name>
    <message>
        <source>Preparing the zone sheets…</source>
        <translation>正在准备巡检责任区任务单…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Zone assignment sheets {0}</source>
        <translation>巡检责任区任务单 {0}</translation>
    </message>
</context>
<context>
    <name>TableMenus</name>
    <message>
        <source>Zoom to</source>
        <translation>缩放到此</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>复制编号</translation>
    </message>
    <message>
        <source>Find vehicles to dispatch</source>
        <translation>查找可派车辆</translation>
    </message>
    <message>
        <source>Valve isolation</source>
        <translation>关阀方案</translation>
    </message>
    <message>
        <source>Set on pipe…</source>
        <translation>定位到管段…</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Zoom to patch {0}</source>
        <translation>缩放到片区 {0}</translation>
    </message>
    <message>
        <source>Copy row</source>
        <translation>复制整行</translation>
    </message>
    <message>
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>隐藏</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show only this layer</source>
        <translation>只显示此图层</translation>
    </message>
    <message>
        <source>Restore the other layers</source>
        <translation>恢复其他图层</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
</context>
<context>
    <name>ValveStatus</name>
    <message>
        <source>open</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>broken</source>
        <translation>损坏</translation>
    </message>
    <message>
        <source>inaccessible</source>
        <translation>无法操作</translation>
    </message>
</context>
<context>
    <name>VehicleStatus</name>
    <message>
        <source>available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>en route</source>
        <translation>赶赴途中</translation>
    </message>
    <message>
        <source>on site</source>
        <translation>在现场</translation>
    </message>
    <message>
        <source>returning</source>
        <translation>返回中</translation>
    </message>
    <message>
        <source>off duty</source>
        <translation>停班</translation>
    </message>
</context>
<context>
    <name>VehiclesDock</name>
    <message>
        <source>Vehicles</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Last report (s)</source>
        <translation>上次定位（秒）</translation>
    </message>
    <message>
        <source>km/h</source>
        <translation>公里/时</translation>
    </message>
    <message>
        <source>Crew</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>lost ({0:.0f})</source>
        <translation>失联（{0:.0f}）</translation>
    </message>
    <message>
        <source>lost</source>
        <translation>失联</translation>
    </message>
    <message>
        <source>{0} vehicles, {1} available, {2} lost</source>
        <translation>共 {0} 辆，{1} 辆可用，{2} 辆失联</translation>
    </message>
</context>
<context>
    <name>Vocabulary</name>
    <message>
        <source>Level {0}</source>
        <translation>{0}级</translation>
    </message>
</context>
<context>
    <name>WallWindow</name>
    <message>
        <source>WaterGuard — wall display</source>
        <extracomment>Font pixel sizes as a share of the window height. Upper bound below the design size (rows that must share one size).</extracomment>
        <translation>WaterGuard 保障指挥 — 大屏显示</translation>
    </message>
    <message>
        <source>Open repairs by level</source>
        <translation>在办抢修（按级别）</translation>
    </message>
    <message>
        <source>Time limits overrun</source>
        <translation>超时限抢修</translation>
    </message>
    <message>
        <source>Missing zero reports</source>
        <translation>零报告缺报</translation>
    </message>
    <message>
        <source>Vehicles on duty</source>
        <translation>在岗抢修车</translation>
    </message>
    <message>
        <source>Vehicles lost</source>
        <translation>失联车辆</translation>
    </message>
    <message>
        <source>Open action items</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <source>Overdue action items</source>
        <translation>逾期事项</translation>
    </message>
    <message>
        <source>Hazards found by patrol today</source>
        <translation>今日巡查发现隐患</translation>
    </message>
    <message>
        <source>Hazards handled / still new</source>
        <translation>隐患 已处置/待处置</translation>
    </message>
    <message>
        <source>Patrol coverage, current round</source>
        <translation>巡检覆盖率（本轮）</translation>
    </message>
    <message>
        <source>No patrol requirements</source>
        <translation>无巡检要求</translation>
    </message>
    <message>
        <source>DRILL {0} — {1}</source>
        <translation>演练 {0} — {1}</translation>
    </message>
    <message>
        <source>WaterGuard</source>
        <translation>WaterGuard 保障指挥</translation>
    </message>
    <message>
        <source>{0} — command room</source>
        <translation>{0} — 指挥大厅</translation>
    </message>
    <message>
        <source>WaterGuard — command room</source>
        <translation>WaterGuard — 指挥大厅</translation>
    </message>
    <message>
        <source>Whole city</source>
        <translation>全市</translation>
    </message>
    <message>
        <source>Venue: {0}</source>
        <translation>会场：{0}</translation>
    </message>
    <message>
        <source>Residence: {0}</source>
        <translation>驻地：{0}</translation>
    </message>
    <message>
        <source>Motorcade route: {0}</source>
        <translation>车队路线：{0}</translation>
    </message>
    <message>
        <source>Repair {0}</source>
        <translation>抢修 {0}</translation>
    </message>
    <message>
        <source>{0} overdue</source>
        <translation>逾期 {0}</translation>
    </message>
    <message>
        <source>{0} vehicles</source>
        <translation>{0} 辆车</translation>
    </message>
    <message>
        <source>location on the map</source>
        <translation>位置见地图</translation>
    </message>
    <message>
        <source>Level {0} repair {1} — {2} — reported {3}, crew dispatched</source>
        <translation>{0}级抢修 {1} — {2} — {3} 报告，已派单</translation>
    </message>
    <message>
        <source>LEVEL {0} REPAIR {1} — {2} — reported {3}, NOT YET DISPATCHED</source>
        <translation>{0}级抢修 {1} — {2} — {3} 报告，尚未派单</translation>
    </message>
    <message>
        <source> — {0} limit overrun by {1:.0f} min</source>
        <translation> — {0}超时 {1:.0f} 分钟</translation>
    </message>
    <message>
        <source>Reading the store…</source>
        <translation>正在读取数据…</translation>
    </message>
    <message>
        <source>Not updated since {0}</source>
        <translation>自 {0} 起未更新</translation>
    </message>
    <message>
        <source>Updated {0}</source>
        <translation>更新于 {0}</translation>
    </message>
</context>
<context>
    <name>ZeroReportsDock</name>
    <message>
        <source>Zero reports</source>
        <extracomment>Cell colours: safe green, incident amber, missing (alarm) red, not yet due grey. Tables the dock's edits write (a desk whose role may not write them gets a read-only dock).</extracomment>
        <translation>零报告</translation>
    </message>
    <message>
        <source>The day shown (Alt+D)</source>
        <translation>显示的日期（Alt+D）</translation>
    </message>
    <message>
        <source>&amp;Day:</source>
        <translation>日期(&amp;D)：</translation>
    </message>
    <message>
        <source>Units × report slots. Select a cell and press Enter to report it safe, or type an incident below. Green safe, amber incident, red missing (alarm), grey not yet due.</source>
        <translation>单位 × 报告时段。选中单元格按 Enter 记为平安，或在下方填写情况。绿色平安，橙色有情况，红色未报（告警），灰色未到时限。</translation>
    </message>
    <message>
        <source>&amp;Safe (nothing to report)</source>
        <translation>平安无事(&amp;S)</translation>
    </message>
    <message>
        <source>What happened (unticks Safe)</source>
        <translation>发生了什么（填写后取消平安）</translation>
    </message>
    <message>
        <source>&amp;Record report</source>
        <translation>登记报告(&amp;R)</translation>
    </message>
    <message>
        <source>Record the report (Enter in the form)</source>
        <translation>登记报告（在表单中按 Enter）</translation>
    </message>
    <message>
        <source>Ctrl+Z undoes, Ctrl+Shift+Z redoes</source>
        <translation>Ctrl+Z 撤销，Ctrl+Shift+Z 重做</translation>
    </message>
    <message>
        <source>&amp;Unit:</source>
        <translation>单位(&amp;U)：</translation>
    </message>
    <message>
        <source>S&amp;lot:</source>
        <translation>时段(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Incident:</source>
        <translation>情况(&amp;I)：</translation>
    </message>
    <message>
        <source>Reported &amp;by:</source>
        <translation>报告人(&amp;B)：</translation>
    </message>
    <message>
        <source>safe</source>
        <translation>平安</translation>
    </message>
    <message>
        <source>incident</source>
        <translation>有情况</translation>
    </message>
    <message>
        <source>MISSING</source>
        <translation>未报</translation>
    </message>
    <message>
        <source>not yet due</source>
        <translation>未到时限</translation>
    </message>
    <message>
        <source>Deadline {0}</source>
        <translation>截止 {0}</translation>
    </message>
    <message>
        <source>Received {0}, missing {1}</source>
        <translation>已收到 {0}，未报 {1}</translation>
    </message>
    <message>
        <source>Zero report {0} {1}</source>
        <translation>零报告 {0} {1}</translation>
    </message>
    <message>
        <source>Recorded: {0}</source>
        <translation>已登记：{0}</translation>
    </message>
</context>
<context>
    <name>ZoneSheetPainter</name>
    <message>
        <source>Zone assignment sheet</source>
        <extracomment>Printed scales the map snaps to (the smallest that fits the patch). Requirement rules drawn bottom → top (the most demanding on top). The map things the sheet's legend lists, in the shared vocabulary: ``(symbol kind, shared key)``.</extracomment>
        <translation>巡检责任区任务单</translation>
    </message>
    <message>
        <source>Key point</source>
        <translation>关键点</translation>
    </message>
    <message>
        <source>Leak survey point</source>
        <translation>测漏点</translation>
    </message>
    <message>
        <source>Valve on transmission main</source>
        <translation>输水干线阀门</translation>
    </message>
    <message>
        <source>Hydrant near a guarded place</source>
        <translation>保障场所附近消火栓</translation>
    </message>
    <message>
        <source>Whole day</source>
        <translation>全天</translation>
    </message>
    <message>
        <source>Day shift</source>
        <translation>白班</translation>
    </message>
    <message>
        <source>Night shift</source>
        <translation>夜班</translation>
    </message>
    <message>
        <source>Date: {0}</source>
        <translation>日期：{0}</translation>
    </message>
    <message>
        <source>Pipes of the team's requirements</source>
        <translation>本组巡检要求内的管线</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>班组</translation>
    </message>
    <message>
        <source>Patch</source>
        <translation>管片</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>责任区</translation>
    </message>
    <message>
        <source>{0}, {1} km of pipe</source>
        <translation>{0}，管线 {1} 公里</translation>
    </message>
    <message>
        <source>Team leader</source>
        <translation>组长</translation>
    </message>
    <message>
        <source>Vehicle</source>
        <translation>车辆</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>组员</translation>
    </message>
    <message>
        <source>Duty leader</source>
        <translation>值班领导</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>巡检轮次</translation>
    </message>
    <message>
        <source>No rounds in this shift</source>
        <translation>本班次无巡检轮次</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Requirement</source>
        <translation>巡检要求</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>时段</translation>
    </message>
    <message>
        <source>Done at</source>
        <translation>完成时间</translation>
    </message>
    <message>
        <source>Initials</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Key points</source>
        <translation>关键点</translation>
    </message>
    <message>
        <source>No key points in this area</source>
        <translation>本区域无关键点</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Point</source>
        <translation>点位</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Emergency contacts</source>
        <translation>应急联系人</translation>
    </message>
    <message>
        <source>No contacts stored</source>
        <translation>未登记联系人</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Team leader's signature</source>
        <translation>组长签字</translation>
    </message>
    <message>
        <source>Handed over at</source>
        <translation>交接时间</translation>
    </message>
    <message>
        <source>Checked by (duty leader)</source>
        <translation>审核（值班领导）</translation>
    </message>
    <message>
        <source>Printed {0}</source>
        <translation>打印于 {0}</translation>
    </message>
    <message>
        <source>Map data © OpenStreetMap contributors</source>
        <translation>地图数据 © OpenStreetMap 贡献者</translation>
    </message>
    <message>
        <source>Page {0} of {1}</source>
        <translation>第 {0} 页，共 {1} 页</translation>
    </message>
    <message>
        <source>Patch boundary</source>
        <translation>管片边界</translation>
    </message>
    <message>
        <source>Team area</source>
        <translation>责任区</translation>
    </message>
    <message>
        <source>Key point (numbered)</source>
        <translation>关键点（编号）</translation>
    </message>
    <message>
        <source>Grid cell {0}</source>
        <translation>网格 {0}</translation>
    </message>
</context>
<context>
    <name>ctx</name>
    <message>
        <source>Cannot write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
</context>
<context>
    <name>dock</name>
    <message>
        <source>No event in the store.</source>
        <translation>数据库中没有保障活动。</translation>
    </message>
</context>
<context>
    <name>self.options</name>
    <message>
        <source>No event in the store: run 'python app.py demo' or import one first.</source>
        <extracomment>Translates the messages of :class:`DrillError` (the caller's translator; identity by default).</extracomment>
        <translation>数据库中没有活动：请先运行 'python app.py demo' 或导入活动。</translation>
    </message>
    <message>
        <source>The drill would end ({0}) before it starts ({1}).</source>
        <translation>演练结束时间（{0}）早于开始时间（{1}）。</translation>
    </message>
    <message>
        <source>{0} already holds {1} patrol fixes and {2} vehicle positions of the real event; a drill simulates a day of its own: choose another --date.</source>
        <translation>{0} 已有真实保障的巡检轨迹点 {1} 个、车辆定位 {2} 条；演练须模拟单独的一天：请另选日期（--date）。</translation>
    </message>
    <message>
        <source>Drill {0} already simulated {1}: wipe it first (python app.py drill --wipe) or choose another --date.</source>
        <translation>演练 {0} 已模拟过 {1}：请先清除（python app.py drill --wipe）或另选日期（--date）。</translation>
    </message>
</context>
</TS>