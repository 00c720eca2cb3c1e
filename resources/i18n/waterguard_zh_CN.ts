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
        <source>Venue guard (every 4 h)</source>
        <extracomment>Colours per requirement rule (the most demanding one a pipe is under).</extracomment>
        <translation>会场驻地保障（每4小时）</translation>
    </message>
    <message>
        <source>Stationed post</source>
        <translation>驻点值守</translation>
    </message>
    <message>
        <source>Venues, key roads and areas (2/day)</source>
        <translation>会场、重点道路与区域（每日2次）</translation>
    </message>
    <message>
        <source>Mains, sites and routes (1/day)</source>
        <translation>输水管线、工地与路线（每日1次）</translation>
    </message>
    <message>
        <source>Patch patrol (2/day)</source>
        <translation>管片巡检（每日2次）</translation>
    </message>
    <message>
        <source>No requirement</source>
        <translation>无巡检要求</translation>
    </message>
    <message>
        <source>Patrol patches</source>
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
        <source>Cannot write {0}: {1}</source>
        <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
        <source>Wrote {0} ({1:,} bytes)</source>
        <translation>已写入 {0}（{1:,} 字节）</translation>
    </message>
    <message>
        <source>Import failed, nothing stored: {0}</source>
        <extracomment>Kinds on the command line (hyphenated) → store kinds; plus epanet and tracks. Errors listed in the human output (all of them go into --json).</extracomment>
        <translation>导入失败，未写入任何数据：{0}</translation>
    </message>
    <message>
        <source>points</source>
        <translation>点</translation>
    </message>
    <message>
        <source>Imported {0} {1} from {2} ({3} rejected)</source>
        <translation>已从 {2} 导入 {0} 个{1}（拒收 {3} 个）</translation>
    </message>
    <message>
        <source>Fields: {0}</source>
        <translation>字段：{0}</translation>
    </message>
    <message>
        <source>  … and {0} more (use --json for all)</source>
        <translation>  …… 另有 {0} 条（用 --json 查看全部）</translation>
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
    <name>MainWindow</name>
    <message>
        <source>&amp;File</source>
        <extracomment>Emitted after the window has restored its layout and shown the first data.</extracomment>
        <translation>文件(&amp;F)</translation>
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
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
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
        <source>WaterGuard — no event</source>
        <translation>WaterGuard 保障指挥 — 无活动</translation>
    </message>
    <message>
        <source>WaterGuard — {0}</source>
        <translation>WaterGuard 保障指挥 — {0}</translation>
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
</TS>