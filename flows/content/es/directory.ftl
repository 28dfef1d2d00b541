## Directorio de servicios (flows/orientation/services.py). Cada respuesta cabe en un celular:
## el CEM primero, lo demás como botones con sus datos.
## Línea 100: gratuita, 24 horas, en castellano, quechua y aimara (Andina, «Línea 100 del MIMP registró
## 67 mil llamadas malintencionadas...», 4/11/2025, https://andina.pe/agencia/noticia-linea-100-del-mimp-registro-67-mil-llamadas-malintencionadas-primeros-9-meses-del-ano-1050779.aspx).

services-ask =
    📍 ¿En qué distrito estás?

    Escribe el nombre de tu distrito, elige tu región o comparte tu ubicación.
services-choose-region = Elige tu región:
services-choose-province = Elige tu provincia ({ $region }):
services-choose-district = Elige tu distrito ({ $province }):
services-did-you-mean = ¿Cuál de estos es tu distrito?
services-same-name = Hay más de un distrito que se llama así. ¿Cuál es el tuyo?
services-not-found = No reconozco «{ $typed }» como un distrito del Perú. Puedes escribirlo de otra forma o elegir tu región.
services-header = 📍 Servicios en { $district }
services-approximate = 📍 Según tu ubicación, estás cerca de { $capital }, capital del distrito de { $district } (es una aproximación: revisa que sea tu distrito).
services-cem-province = 🏢 En tu distrito no tengo un CEM registrado. En tu provincia conozco:
services-cem-region = 🏢 En tu distrito y tu provincia no tengo un CEM registrado. En tu región conozco:
services-no-cem =
    🏢 Todavía no tengo un CEM registrado para { $district } ni para su provincia o región.
    Llama a la Línea 100 (gratis, 24 horas): te dicen cuál te corresponde y cómo llegar.
services-others = Otros servicios aquí (toca uno para ver sus datos):
services-nearby = Cerca, en tu provincia o región (toca uno para ver sus datos):
services-nothing-else = No tengo otros servicios registrados en { $district }.
services-line100 = ☎️ Lo que no sé (dirección, teléfono, horario) te lo dice la Línea 100: gratis, 24 horas, en castellano, quechua y aimara.
services-refuge = 🏠 Si necesitas un lugar seguro donde quedarte, el CEM o la Línea 100 te ayudan. Esas direcciones no se publican, para proteger a quienes están allí.
services-other = 🔁 Buscar otro distrito
services-back = ↩️ Volver a { $district }
services-copy-line100 = 📋 Copiar Línea 100
services-copy-phone = 📋 Copiar { $phone }
services-saved = (Guardé tu distrito para mostrarte tu CEM si pides ayuda de emergencia.)
services-stale = Ese botón ya no corresponde a la lista de ahora. Te muestro de nuevo los servicios.
services-no-location = No pude ubicar ese punto dentro del Perú. Escribe tu distrito o elige tu región.
services-more-districts = Hay muchos distritos: escribe el nombre del tuyo, o elige uno de estos.

entry-line = { $name } ({ $kind })
entry-where = en { $place }
entry-title = 🏢 { $name } — { $kind }
entry-distance = a { $km } km (ubicación verificada del servicio)
entry-address = 📍 { $address }
entry-phone = 📞 { $phone }
entry-hours = 🕒 { $hours }
entry-unknown = ❓ { $missing }: no lo sé. La Línea 100 (gratis, 24 horas) te lo confirma.
entry-missing-address = Dirección
entry-missing-phone = teléfono
entry-missing-hours = horario
entry-and = y
entry-source = ℹ️ Fuente: { $source }, { $date }.
entry-verified = ✅ Verificado por el equipo el { $date }.

kind-cem = CEM
kind-cem-comisaria = CEM en comisaría
kind-comisaria = comisaría
kind-salud = centro de salud
kind-csmc = salud mental comunitaria
kind-demuna = DEMUNA, para niñas, niños y adolescentes
kind-alegra = asistencia legal gratuita
kind-fiscalia = Fiscalía
kind-municipal = servicio municipal
kind-programa = programa de Warmi Ñan

## Emergencia: el CEM de su distrito (se agrega a la respuesta de emergencia)

emergency-cem-unknown = 🏢 No tengo un CEM registrado para { $district }: la Línea 100 te dice cuál te corresponde.
emergency-cem-details = { $address }, { $phone }
emergency-cem-unconfirmed = dirección y teléfono: pídelos a la Línea 100

## Solo para coordinadoras y admins: registrar que comprobaron un servicio (llamaron, fueron).
services-verify = ✅ Lo comprobé hoy
services-verified = Listo: quedó registrado que lo comprobaste hoy.
services-verifier-admin = admin
services-verifier-coordinadora = coordinadora
