// Run once by the MongoDB image on first start, as root: one user per service, reading and
// writing its own database only; the passwords are the operator's (no default).
for (const service of ["members", "invoicing", "payroll", "collections", "governance", "activities"]) {
  const password = process.env[`MONGO_${service.toUpperCase()}_PASSWORD`];
  if (!password) throw new Error(`MONGO_${service.toUpperCase()}_PASSWORD is not set`);
  db.getSiblingDB("admin").createUser({
    user: service,
    pwd: password,
    roles: [{ role: "readWrite", db: service }],
  });
}
